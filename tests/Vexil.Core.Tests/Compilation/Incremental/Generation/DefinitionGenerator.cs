using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>
/// Random flag and segment definitions: variations of each type, targets, rules with clauses of every operator,
/// <c>segmentMatch</c>, rollouts of every algorithm, prerequisites; what imports bring (<see cref="VendorGenerator"/>:
/// context kinds, kinded targets, clauses and segment contexts, percentages, any-of prerequisites, variation
/// metadata); and, when asked to, one way of being broken.
/// </summary>
internal sealed class DefinitionGenerator(Choices c)
{
    private static readonly FlagValueType[] Types = [FlagValueType.Boolean, FlagValueType.String, FlagValueType.Number, FlagValueType.Object];

    /// <summary>
    /// A flag. <paramref name="prerequisites"/> are the keys it may name, with their variation keys; a flag it
    /// replaces (<paramref name="replacing"/>) mostly keeps its type and number of variations.
    /// </summary>
    public FlagDefinition Flag(string key, long version, IReadOnlyList<(string Key, IReadOnlyList<string> Variations)> prerequisites, IReadOnlyList<string> segments, bool mayBreak, FlagDefinition? replacing = null)
    {
        var keep = replacing is not null && !c.Chance(25);
        var type = keep ? replacing!.Type : c.Pick(Types);
        var count = keep ? replacing!.Variations.Count : type == FlagValueType.Boolean ? 1 + c.Next(2) : 1 + c.Next(4);
        var variations = new List<VariationDefinition>();
        for (var i = 0; i < count; i++)
        {
            variations.Add(new VariationDefinition("v" + i, Value(type, i), c.Chance(10) ? "Variation " + i : null, Metadata: VendorGenerator.Metadata(c, i)));
        }

        var flag = new FlagDefinition
        {
            Key = key,
            Type = type,
            Variations = variations,
            Description = c.Chance(10) ? "generated" : null,
            Tags = c.Chance(10) ? ["team-a", "release"] : [],
            Lifetime = c.Chance(10) ? FlagLifetime.Permanent : FlagLifetime.Temporary,
            Version = version,
            Enabled = !c.Chance(30),
            OffVariation = c.Chance(70) ? "v" + c.Next(count) : null,
            Salt = c.Chance(15) ? "salt-" + key : null,
            ContextKinds = c.Chance(15),
            Prerequisites = Prerequisites(prerequisites),
            Targets = Targets(count),
            Rules = Rules(count, segments),
            Fallthrough = Serve(count),
        };
        return mayBreak && c.Chance(8) ? Break(flag) : flag;
    }

    /// <summary>A segment (its rules never use segmentMatch unless broken).</summary>
    public SegmentDefinition Segment(string key, long version, bool mayBreak)
    {
        var rules = new List<SegmentRuleDefinition>();
        var ruleCount = c.Next(3);
        for (var r = 0; r < ruleCount; r++)
        {
            var clauses = new List<ClauseDefinition>();
            var clauseCount = 1 + c.Next(2);
            for (var i = 0; i < clauseCount; i++)
            {
                clauses.Add(ClauseGenerator.Clause(c, segments: null));
            }

            rules.Add(new SegmentRuleDefinition("s" + r, clauses, c.Chance(20) ? VendorGenerator.Percentage(c) : null));
        }

        var included = VendorGenerator.SegmentContexts(c);
        if (mayBreak && c.Chance(8))
        {
            switch (c.Next(4))
            {
                case 0: rules.Add(new SegmentRuleDefinition("broken", [ClauseGenerator.Broken(c)])); break;
                case 1: rules.Add(new SegmentRuleDefinition("broken", [new ClauseDefinition("x", "segmentMatch", [JsonValues.Of(key)])])); break;
                case 2: rules.Add(new SegmentRuleDefinition("broken", [], VendorGenerator.BrokenPercentage(c))); break;
                default: included.Add(new TargetDefinition(string.Empty, ["acme"], ContextKind: null)); break;
            }
        }

        return new SegmentDefinition
        {
            Key = key,
            Description = c.Chance(10) ? "generated" : null,
            Included = c.Some(ContextPool.TargetingKeys, 2),
            Excluded = c.Some(ContextPool.TargetingKeys, 2),
            Rules = rules,
            IncludedContexts = included,
            ExcludedContexts = VendorGenerator.SegmentContexts(c),
            Salt = c.Chance(20) ? "salt-" + key : null,
            Version = version,
        };
    }

    private JsonElement Value(FlagValueType type, int i) => type switch
    {
        FlagValueType.Boolean => JsonValues.Of(i == 0),
        FlagValueType.String => JsonValues.Of("s" + i),
        FlagValueType.Number => JsonValues.Of(i * 1.5),
        _ => JsonValues.Parse(c.Chance(50) ? $$"""{"n":{{i}},"list":[1,"two"]}""" : $"[{i}]"),
    };

    private List<PrerequisiteDefinition> Prerequisites(IReadOnlyList<(string Key, IReadOnlyList<string> Variations)> candidates)
    {
        var result = new List<PrerequisiteDefinition>();
        if (candidates.Count == 0)
        {
            return result;
        }

        foreach (var (key, variations) in c.Some(candidates, 2))
        {
            result.Add(c.Chance(25) ? VendorGenerator.AnyOf(c, key, variations) : new PrerequisiteDefinition(key, c.Pick(variations)));
        }

        return result;
    }

    private List<TargetDefinition> Targets(int variations)
    {
        var result = new List<TargetDefinition>();
        var keys = new List<string>(ContextPool.TargetingKeys);
        var count = c.Next(3);
        for (var i = 0; i < count && keys.Count > 0; i++)
        {
            if (c.Chance(20))
            {
                result.Add(VendorGenerator.KindedTarget(c, "v" + c.Next(variations)));
                continue;
            }

            var values = c.Some(keys, 2);
            if (values.Count == 0)
            {
                continue;
            }

            keys.RemoveAll(values.Contains);
            result.Add(new TargetDefinition("v" + c.Next(variations), values));
        }

        return result;
    }

    private List<RuleDefinition> Rules(int variations, IReadOnlyList<string> segments)
    {
        var result = new List<RuleDefinition>();
        var count = c.Next(4);
        for (var r = 0; r < count; r++)
        {
            var clauses = new List<ClauseDefinition>();
            var clauseCount = c.Next(4);
            for (var i = 0; i < clauseCount; i++)
            {
                clauses.Add(ClauseGenerator.Clause(c, segments));
            }

            result.Add(new RuleDefinition("r" + r, clauses, Serve(variations), c.Chance(10) ? "rule " + r : null, c.Chance(15) ? VendorGenerator.Percentage(c) : null));
        }

        return result;
    }

    private ServeDefinition Serve(int variations)
    {
        if (!c.Chance(35))
        {
            return ServeDefinition.Of("v" + c.Next(variations));
        }

        var weights = new List<WeightDefinition>();
        var left = RolloutDefinition.TotalWeight;
        for (var i = 0; i < variations; i++)
        {
            var weight = i == variations - 1 ? left : c.Next(left + 1);
            weights.Add(new WeightDefinition("v" + i, weight));
            left -= weight;
        }

        if (c.Chance(20))
        {
            return new ServeDefinition(null, VendorGenerator.Rollout(c, weights));
        }

        var bucketBy = c.Chance(20) ? "org.plan" : "targetingKey";
        var algorithm = c.Chance(25) ? "flagd-fractional-v2" : "vexil-v1";
        return new ServeDefinition(null, new RolloutDefinition(weights, bucketBy, algorithm));
    }

    private FlagDefinition Break(FlagDefinition flag) => c.Next(10) switch
    {
        7 => flag with { Rules = [.. flag.Rules, new RuleDefinition("broken", [], ServeDefinition.Of("v0"), Percentage: VendorGenerator.BrokenPercentage(c))] },
        8 => flag with { Fallthrough = new ServeDefinition(null, new RolloutDefinition([new WeightDefinition("v0", 100_000)], Algorithm: "unleash-variant-v1", Stickiness: "default")) },
        9 when flag.Prerequisites.Count > 0 => flag with { Prerequisites = [flag.Prerequisites[0] with { AnyOf = ["v0", "v9"], Variation = "v0" }, .. flag.Prerequisites.Skip(1)] },
        0 => flag with { Prerequisites = [.. flag.Prerequisites, new PrerequisiteDefinition("no-such-flag", "v0")] },
        1 => flag with { Prerequisites = [.. flag.Prerequisites, new PrerequisiteDefinition(flag.Key, "v0")] },
        2 => flag with { Fallthrough = new ServeDefinition(null, new RolloutDefinition([new WeightDefinition("v0", 60_000)])) },
        3 => flag with { Fallthrough = ServeDefinition.Of("v9") },
        4 => flag with { Rules = [.. flag.Rules, new RuleDefinition("broken", [ClauseGenerator.Broken(c)], ServeDefinition.Of("v0"))] },
        5 => flag with { Rules = [.. flag.Rules, new RuleDefinition("r0", [], ServeDefinition.Of("v0")), new RuleDefinition("r0", [], ServeDefinition.Of("v0"))] },
        _ => flag with { Variations = [.. flag.Variations, new VariationDefinition("bad", JsonValues.Parse("{\"wrong\":\"type\"}"))] },
    };
}
