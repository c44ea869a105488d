namespace Vexil.Core.Model;

/// <summary>A percentage rollout: weights over variations, in units of 0.001%, summing to 100,000.</summary>
/// <param name="Weights">The weights, in order (the order decides who moves when weights change).</param>
/// <param name="BucketBy">The attribute hashed for bucketing.</param>
/// <param name="Algorithm">The bucketing algorithm's name.</param>
public sealed record RolloutDefinition(IReadOnlyList<WeightDefinition> Weights, string BucketBy = "targetingKey", string Algorithm = "vexil-v1")
{
    /// <summary>The sum every rollout's weights must reach: 100% in steps of 0.001%.</summary>
    public const int TotalWeight = 100_000;
}
