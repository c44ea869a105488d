using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>Compiles the rollouts, percentages and variation metadata that imports from LaunchDarkly and Unleash brought.</summary>
internal static class VendorRolloutCompiler
{
    public static bool IsVendorAlgorithm(string algorithm) =>
        algorithm is LaunchDarklyBucketing.AlgorithmName or UnleashBucketing.VariantAlgorithmName or UnleashBucketing.AlgorithmName;

    public static FlagMetadata? Metadata(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var entries = new List<KeyValuePair<string, ContextValue>>(metadata.Count);
        foreach (var (name, value) in metadata)
        {
            entries.Add(new(name, ContextValue.FromJson(value)));
        }

        return FlagMetadata.Create(entries);
    }

    public static CompiledRollout? CompileRollout(RolloutDefinition rollout, string salt, string path, Func<string, string, int> variation, List<ValidationError> errors)
    {
        var before = errors.Count;
        var weightsPath = JsonPath.Property(path, "weights");
        var weights = new int[rollout.Weights.Count];
        var variations = new int[rollout.Weights.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var weight = rollout.Weights[i];
            var at = JsonPath.Index(weightsPath, i);
            variations[i] = variation(weight.Variation, JsonPath.Property(at, "variation"));
            if (!seen.Add(weight.Variation))
            {
                errors.Add(new ValidationError(JsonPath.Property(at, "variation"), $"variation '{weight.Variation}' appears twice in one rollout"));
            }

            weights[i] = weight.Weight;
            total += weight.Weight;
        }

        if (weights.Length == 0 || total != RolloutDefinition.TotalWeight)
        {
            errors.Add(new ValidationError(weightsPath, FormattableString.Invariant($"weights must sum to {RolloutDefinition.TotalWeight} (100%), found {total}")));
        }

        switch (rollout.Algorithm)
        {
            case LaunchDarklyBucketing.AlgorithmName:
                if (!LaunchDarklyAttribute.TryParse(rollout.BucketBy, out var bucketBy))
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "bucketBy"), $"'{rollout.BucketBy}' is not a LaunchDarkly attribute reference"));
                }

                return errors.Count != before ? null : new LaunchDarklyRollout(bucketBy!, rollout.ContextKind ?? ContextKinds.DefaultKind, rollout.Salt ?? salt, weights, variations);
            case UnleashBucketing.VariantAlgorithmName:
                var count = rollout.BucketCount ?? 0;
                if (count is <= 0 or > RolloutDefinition.TotalWeight)
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "bucketCount"), $"{UnleashBucketing.VariantAlgorithmName} needs a bucketCount from 1 to {RolloutDefinition.TotalWeight}"));
                }

                if (rollout.Stickiness is null)
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "stickiness"), $"{UnleashBucketing.VariantAlgorithmName} needs a stickiness"));
                }

                if (errors.Count != before)
                {
                    return null;
                }

                var upper = new List<int>();
                var chosen = new List<int>();
                var sum = 0;
                for (var i = 0; i < weights.Length; i++)
                {
                    sum += weights[i];
                    if (weights[i] > 0)
                    {
                        upper.Add(sum);
                        chosen.Add(variations[i]);
                    }
                }

                return new UnleashRollout(new UnleashStickiness(rollout.Stickiness!, variant: true), rollout.Salt ?? salt, count, [.. upper], [.. chosen]);
            default:
                errors.Add(new ValidationError(JsonPath.Property(path, "algorithm"), $"{rollout.Algorithm} is used in a rule's percentage, not in a rollout"));
                return null;
        }
    }

    public static CompiledPercentage? CompilePercentage(PercentageDefinition percentage, string salt, string path, List<ValidationError> errors)
    {
        switch (percentage.Algorithm)
        {
            case LaunchDarklyBucketing.AlgorithmName:
                if (!LaunchDarklyAttribute.TryParse(percentage.BucketBy, out var bucketBy))
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "bucketBy"), $"'{percentage.BucketBy}' is not a LaunchDarkly attribute reference"));
                    return null;
                }

                return new LaunchDarklyPercentage(bucketBy!, percentage.ContextKind ?? ContextKinds.DefaultKind, percentage.Salt ?? salt, percentage.Weight);
            case UnleashBucketing.AlgorithmName:
                if (percentage.Stickiness is null)
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "stickiness"), $"{UnleashBucketing.AlgorithmName} needs a stickiness"));
                    return null;
                }

                var stickiness = percentage.Stickiness == "$uniform" ? null : new UnleashStickiness(percentage.Stickiness, variant: false);
                return new UnleashPercentage(stickiness, percentage.Salt ?? salt, percentage.Weight);
            default:
                errors.Add(new ValidationError(JsonPath.Property(path, "algorithm"), $"unknown percentage algorithm '{percentage.Algorithm}': use {LaunchDarklyBucketing.AlgorithmName} or {UnleashBucketing.AlgorithmName}"));
                return null;
        }
    }
}
