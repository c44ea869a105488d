using System.Text.Json;

namespace Vexil.Core.Model;

/// <summary>A test of one context attribute against a list of values (ORed).</summary>
/// <param name="Attribute">A dot path into the context; <c>targetingKey</c> is the targeting key.</param>
/// <param name="Operator">The operator's name, see docs/flag-format.md.</param>
/// <param name="Values">The values.</param>
/// <param name="Negate">True inverts the result (a missing attribute still does not match).</param>
public sealed record ClauseDefinition(string Attribute, string Operator, IReadOnlyList<JsonElement> Values, bool Negate = false);
