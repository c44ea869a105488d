using System.Text.Json;

namespace Vexil.Core.Model;

/// <summary>A test of one context attribute against a list of values (ORed).</summary>
/// <param name="Attribute">A dot path into the context; <c>targetingKey</c> is the targeting key.</param>
/// <param name="Operator">The operator's name, see docs/flag-format.md.</param>
/// <param name="Values">The values.</param>
/// <param name="Negate">True inverts the result (a missing attribute still does not match, except for the <c>unleash:</c> operators).</param>
/// <param name="ContextKind">
/// The kind of context the attribute is read from (docs/flag-format.md#context-kinds), or null; with a kind, the
/// attribute is a LaunchDarkly attribute reference (<c>email</c>, <c>/address/city</c>, <c>key</c>, <c>kind</c>).
/// </param>
/// <param name="CaseInsensitive">For the <c>unleash:</c> string and regex operators: Unleash's <c>caseInsensitive</c>.</param>
public sealed record ClauseDefinition(string Attribute, string Operator, IReadOnlyList<JsonElement> Values, bool Negate = false, string? ContextKind = null, bool CaseInsensitive = false);
