using System.Collections.Frozen;
using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>Checks and compiles the parts of one flag that do not depend on other flags.</summary>
internal sealed class FlagCompiler(FlagDefinition flag, string path, IReadOnlyDictionary<string, CompiledSegment> segments, List<ValidationError> errors)
{
    private CompiledVariation[] _variations = [];
    private KindedTargets? _kindedTargets;

    public CompiledVariation[] Variations => _variations;

    /// <summary>Compiles everything but prerequisites; null when the flag has errors.</summary>
    public Func<CompiledPrerequisite[], NativeFlag>? Compile()
    {
        var before = errors.Count;
        _variations = CompileVariations();
        var offVariation = flag.OffVariation is null ? -1 : Variation(flag.OffVariation, JsonPath.Property(path, "offVariation"));
        var targets = CompileTargets();
        var rules = CompileRules();
        var fallthrough = CompileServe(flag.Fallthrough, JsonPath.Property(path, "fallthrough"));
        if (errors.Count != before)
        {
            return null;
        }

        var variations = _variations;
        var kinded = _kindedTargets;
        return prerequisites => new NativeFlag(flag.Key, flag.Type, variations, flag.Version, flag.Enabled, offVariation, prerequisites, targets, rules, fallthrough!, flag.ContextKinds, kinded);
    }

    public int Variation(string key, string at)
    {
        for (var i = 0; i < _variations.Length; i++)
        {
            if (string.Equals(_variations[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        errors.Add(new ValidationError(at, $"unknown variation '{key}'"));
        return -1;
    }

    private CompiledVariation[] CompileVariations()
    {
        var at = JsonPath.Property(path, "variations");
        if (flag.Variations.Count == 0)
        {
            errors.Add(new ValidationError(at, "a flag needs at least one variation"));
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new CompiledVariation[flag.Variations.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var variation = flag.Variations[i];
            var itemPath = JsonPath.Index(at, i);
            if (!seen.Add(variation.Key))
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "key"), $"duplicate variation key '{variation.Key}'"));
            }

            result[i] = new CompiledVariation(variation.Key, ToValue(variation.Value, JsonPath.Property(itemPath, "value")))
            {
                Metadata = VendorRolloutCompiler.Metadata(variation.Metadata),
            };
        }

        return result;
    }

    private FlagValue ToValue(JsonElement value, string at)
    {
        switch (flag.Type)
        {
            case FlagValueType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return FlagValue.Of(value.GetBoolean());
            case FlagValueType.String when value.ValueKind == JsonValueKind.String:
                return FlagValue.Of(value.GetString()!);
            case FlagValueType.Number when value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()):
                return FlagValue.Of(value.GetDouble());
            case FlagValueType.Object when value.ValueKind is JsonValueKind.Object or JsonValueKind.Array:
                return FlagValue.OfObject(value);
            default:
                errors.Add(new ValidationError(at, $"expected a value of the flag's type ({RulesetWriter.TypeName(flag.Type)}), found {JsonObjectReader.Describe(value)}"));
                return default;
        }
    }

    private FrozenDictionary<string, int> CompileTargets()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var kinded = new List<(string Kind, FrozenSet<string> Keys, int Variation)>();
        for (var i = 0; i < flag.Targets.Count; i++)
        {
            var target = flag.Targets[i];
            var at = JsonPath.Index(JsonPath.Property(path, "targets"), i);
            var variation = Variation(target.Variation, JsonPath.Property(at, "variation"));
            if (target.ContextKind is { } kind)
            {
                kinded.Add((kind, target.Values.ToFrozenSet(StringComparer.Ordinal), variation));
                continue;
            }

            for (var j = 0; j < target.Values.Count; j++)
            {
                if (!result.TryAdd(target.Values[j], variation))
                {
                    errors.Add(new ValidationError(JsonPath.Index(JsonPath.Property(at, "values"), j), $"the key '{target.Values[j]}' is targeted more than once"));
                }
            }
        }

        _kindedTargets = kinded.Count == 0 ? null : new KindedTargets([.. kinded.Select(k => k.Kind)], [.. kinded.Select(k => k.Keys)], [.. kinded.Select(k => k.Variation)]);
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private CompiledRule[] CompileRules()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = new CompiledRule[flag.Rules.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var rule = flag.Rules[i];
            var at = JsonPath.Index(JsonPath.Property(path, "rules"), i);
            if (!ids.Add(rule.Id))
            {
                errors.Add(new ValidationError(JsonPath.Property(at, "id"), $"duplicate rule id '{rule.Id}'"));
            }

            var clauses = CompileClauses(rule.Clauses, JsonPath.Property(at, "clauses"), segments, errors);
            if (rule.Percentage is { } percentage && VendorRolloutCompiler.CompilePercentage(percentage, flag.Salt ?? flag.Key, JsonPath.Property(at, "percentage"), errors) is { } sample)
            {
                clauses = [.. clauses, sample];
            }

            var serve = CompileServe(rule.Serve, JsonPath.Property(at, "serve"));
            result[i] = new CompiledRule(rule.Id, clauses, serve!);
        }

        return result;
    }

    public static Clauses.Clause[] CompileClauses(IReadOnlyList<ClauseDefinition> clauses, string at, IReadOnlyDictionary<string, CompiledSegment>? segments, List<ValidationError> errors)
    {
        var result = new List<Clauses.Clause>(clauses.Count);
        for (var i = 0; i < clauses.Count; i++)
        {
            var compiled = ClauseCompiler.Compile(clauses[i], JsonPath.Index(at, i), segments, errors);
            if (compiled is not null)
            {
                result.Add(compiled);
            }
        }

        return [.. result];
    }

    private CompiledServe? CompileServe(ServeDefinition serve, string at)
    {
        if ((serve.Variation is null) == (serve.Rollout is null))
        {
            errors.Add(new ValidationError(at, "must have exactly one of 'variation' or 'rollout'"));
            return null;
        }

        if (serve.Variation is not null)
        {
            return CompiledServe.Fixed(Variation(serve.Variation, JsonPath.Property(at, "variation")));
        }

        var rollout = serve.Rollout!;
        var rolloutPath = JsonPath.Property(at, "rollout");
        if (VendorRolloutCompiler.IsVendorAlgorithm(rollout.Algorithm))
        {
            var compiled = VendorRolloutCompiler.CompileRollout(rollout, flag.Salt ?? flag.Key, rolloutPath, Variation, errors);
            return compiled is null ? null : CompiledServe.Of(compiled);
        }

        if (!BucketingAlgorithm.TryGet(rollout.Algorithm, out var algorithm))
        {
            errors.Add(new ValidationError(JsonPath.Property(rolloutPath, "algorithm"), $"unknown bucketing algorithm '{rollout.Algorithm}': use {VexilV1Bucketing.AlgorithmName}, {FlagdFractionalBucketing.AlgorithmName}, {LaunchDarklyBucketing.AlgorithmName}, {UnleashBucketing.VariantAlgorithmName}"));
        }

        if (!AttributePath.TryParse(rollout.BucketBy, out var bucketBy))
        {
            errors.Add(new ValidationError(JsonPath.Property(rolloutPath, "bucketBy"), $"'{rollout.BucketBy}' is not an attribute path"));
        }

        var weightsPath = JsonPath.Property(rolloutPath, "weights");
        var upper = new List<int>(rollout.Weights.Count);
        var variations = new List<int>(rollout.Weights.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < rollout.Weights.Count; i++)
        {
            var weight = rollout.Weights[i];
            var itemPath = JsonPath.Index(weightsPath, i);
            var variation = Variation(weight.Variation, JsonPath.Property(itemPath, "variation"));
            if (!seen.Add(weight.Variation))
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "variation"), $"variation '{weight.Variation}' appears twice in one rollout"));
            }

            if (weight.Weight < 0)
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "weight"), "must not be negative"));
            }

            total += weight.Weight;
            if (weight.Weight > 0)
            {
                upper.Add((int)Math.Min(total, RolloutDefinition.TotalWeight));
                variations.Add(variation);
            }
        }

        if (total != RolloutDefinition.TotalWeight)
        {
            errors.Add(new ValidationError(weightsPath, FormattableString.Invariant($"weights must sum to {RolloutDefinition.TotalWeight} (100%), found {total}")));
        }

        if (algorithm is null || bucketBy is null)
        {
            return null;
        }

        return CompiledServe.Of(new BucketedRollout(algorithm.ForSalt(flag.Salt ?? flag.Key), bucketBy, [.. upper], [.. variations]));
    }
}
