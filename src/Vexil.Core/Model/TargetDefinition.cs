namespace Vexil.Core.Model;

/// <summary>Context keys that get a given variation.</summary>
/// <param name="Variation">The variation served.</param>
/// <param name="Values">The targeting keys (with a kind: the keys of the context of that kind).</param>
/// <param name="ContextKind">The kind of context whose key is matched (docs/flag-format.md#context-kinds), or null for the targeting key.</param>
public sealed record TargetDefinition(string Variation, IReadOnlyList<string> Values, string? ContextKind = null);
