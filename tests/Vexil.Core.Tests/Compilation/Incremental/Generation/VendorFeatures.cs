using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>Which of the features imports bring a change carries, so the property test can show it exercised them.</summary>
internal static class VendorFeatures
{
    public static readonly string[] All =
    [
        "context kinds", "kinded targets", "kinded clauses", "unleash clauses", "rule percentages", "launchdarkly-v1 rollouts",
        "unleash-variant-v1 rollouts", "any-of prerequisites", "variation metadata", "segment contexts", "segment salts", "segment-rule percentages",
    ];

    public static IEnumerable<string> Of(RulesetChange change)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in change.UpsertFlags)
        {
            Add(found, "context kinds", flag.ContextKinds);
            Add(found, "kinded targets", flag.Targets.Any(t => t.ContextKind is not null));
            Add(found, "kinded clauses", flag.Rules.SelectMany(r => r.Clauses).Any(c => c.ContextKind is not null));
            Add(found, "unleash clauses", flag.Rules.SelectMany(r => r.Clauses).Any(c => c.Operator.StartsWith("unleash:", StringComparison.Ordinal)));
            Add(found, "rule percentages", flag.Rules.Any(r => r.Percentage is not null));
            var rollouts = flag.Rules.Select(r => r.Serve.Rollout).Append(flag.Fallthrough.Rollout).OfType<RolloutDefinition>().ToList();
            Add(found, "launchdarkly-v1 rollouts", rollouts.Any(r => r.Algorithm == "launchdarkly-v1"));
            Add(found, "unleash-variant-v1 rollouts", rollouts.Any(r => r.Algorithm == "unleash-variant-v1"));
            Add(found, "any-of prerequisites", flag.Prerequisites.Any(p => p.AnyOf is not null));
            Add(found, "variation metadata", flag.Variations.Any(v => v.Metadata is not null));
        }

        foreach (var segment in change.UpsertSegments)
        {
            Add(found, "segment contexts", segment.IncludedContexts.Count + segment.ExcludedContexts.Count > 0);
            Add(found, "segment salts", segment.Salt is not null);
            Add(found, "segment-rule percentages", segment.Rules.Any(r => r.Percentage is not null));
        }

        return found;
    }

    private static void Add(HashSet<string> found, string feature, bool present)
    {
        if (present)
        {
            found.Add(feature);
        }
    }
}
