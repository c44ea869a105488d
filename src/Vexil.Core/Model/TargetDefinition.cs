namespace Vexil.Core.Model;

/// <summary>Context keys that get a given variation.</summary>
/// <param name="Variation">The variation served.</param>
/// <param name="Values">The targeting keys.</param>
public sealed record TargetDefinition(string Variation, IReadOnlyList<string> Values);
