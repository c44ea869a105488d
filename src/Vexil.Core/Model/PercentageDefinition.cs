namespace Vexil.Core.Model;

/// <summary>
/// A deterministic share of contexts: a context is included when its bucket under the algorithm is below
/// <see cref="Weight"/> (docs/flag-format.md#percentages). Unleash's rollout percentages, LaunchDarkly's weighted
/// segment rules.
/// </summary>
/// <param name="Weight">The share in units of 0.001% (0 to 100,000).</param>
/// <param name="Algorithm"><c>launchdarkly-v1</c> or <c>unleash-v1</c>.</param>
/// <param name="BucketBy">For <c>launchdarkly-v1</c>: the attribute reference bucketed.</param>
/// <param name="ContextKind">For <c>launchdarkly-v1</c>: the kind of context bucketed.</param>
/// <param name="Salt">The salt instead of the flag's (or segment's), or null.</param>
/// <param name="Stickiness">For <c>unleash-v1</c>: Unleash's stickiness.</param>
public sealed record PercentageDefinition(int Weight, string Algorithm, string BucketBy = "key", string? ContextKind = null, string? Salt = null, string? Stickiness = null);
