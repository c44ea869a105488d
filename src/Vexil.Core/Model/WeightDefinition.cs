namespace Vexil.Core.Model;

/// <summary>One variation's share of a rollout.</summary>
/// <param name="Variation">The variation's key.</param>
/// <param name="Weight">Its share in units of 0.001% (0 to 100,000).</param>
public sealed record WeightDefinition(string Variation, int Weight);
