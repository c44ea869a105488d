namespace Vexil.Core.Model;

/// <summary>A percentage rollout: weights over variations, in units of 0.001%, summing to 100,000.</summary>
/// <param name="Weights">The weights, in order (the order decides who moves when weights change).</param>
/// <param name="BucketBy">The attribute hashed for bucketing.</param>
/// <param name="Algorithm">The bucketing algorithm's name.</param>
/// <param name="ContextKind">For <c>launchdarkly-v1</c>: the kind of context bucketed (docs/flag-format.md#context-kinds).</param>
/// <param name="Salt">The salt of this rollout instead of the flag's (LaunchDarkly's seed, Unleash's groupId), or null.</param>
/// <param name="Stickiness">For the Unleash algorithms: Unleash's stickiness (<c>default</c>, <c>random</c> or a field).</param>
/// <param name="BucketCount">For <c>unleash-variant-v1</c>: Unleash's total weight n (hash % n), a divisor of 100,000.</param>
public sealed record RolloutDefinition(
    IReadOnlyList<WeightDefinition> Weights,
    string BucketBy = "targetingKey",
    string Algorithm = "vexil-v1",
    string? ContextKind = null,
    string? Salt = null,
    string? Stickiness = null,
    int? BucketCount = null)
{
    /// <summary>The sum every rollout's weights must reach: 100% in steps of 0.001%.</summary>
    public const int TotalWeight = 100_000;
}
