using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Tests.Compilation.Incremental.Generation;

namespace Vexil.Core.Tests.Compilation.Incremental;

/// <summary>Typed definitions for tests, and the small ruleset most of them change.</summary>
internal static class Defs
{
    /// <summary>A boolean flag with variations on/off, on, serving off.</summary>
    public static FlagDefinition Bool(string key, params PrerequisiteDefinition[] prerequisites) => new()
    {
        Key = key,
        Type = FlagValueType.Boolean,
        Variations = [new VariationDefinition("on", JsonValues.Of(true)), new VariationDefinition("off", JsonValues.Of(false))],
        Version = 1,
        Enabled = true,
        OffVariation = "off",
        Prerequisites = prerequisites,
        Fallthrough = ServeDefinition.Of("on"),
    };

    public static PrerequisiteDefinition Needs(string flag, string variation = "on") => new(flag, variation);

    public static RuleDefinition Rule(string id, params ClauseDefinition[] clauses) => new(id, clauses, ServeDefinition.Of("off"));

    public static ClauseDefinition InSegment(params string[] segments) => new("targetingKey", "segmentMatch", [.. segments.Select(JsonValues.Of)]);

    public static ClauseDefinition Country(string country) => new("country", "in", [JsonValues.Of(country)]);

    public static SegmentDefinition Segment(string key, params string[] included) => new() { Key = key, Included = included, Version = 1 };

    public static RulesetChange Upsert(params FlagDefinition[] flags) => RulesetChange.Empty(2) with { UpsertFlags = flags };

    public static RulesetChange Delete(params string[] flags) => RulesetChange.Empty(2) with { DeleteFlags = flags };

    /// <summary>
    /// checkout; banner needs checkout and matches segment beta (rules[0].clauses[1]); promo needs banner;
    /// staff-only matches staff; footer stands alone. Segments beta (u1) and staff (u2).
    /// </summary>
    public static CompiledRuleset Base()
    {
        var definition = new RulesetDefinition("test", 1,
        [
            Bool("checkout"),
            Bool("banner", Needs("checkout")) with { Rules = [Rule("r0", Country("NL"), InSegment("beta"))] },
            Bool("promo", Needs("banner")),
            Bool("staff-only") with { Rules = [Rule("r0", InSegment("staff"))] },
            Bool("footer"),
        ],
        [Segment("beta", "u1"), Segment("staff", "u2")]);
        var result = RulesetCompiler.Compile(definition);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }

    public static IReadOnlyList<string> Errors(RulesetCompileResult result)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Ruleset);
        return [.. result.Errors.Select(e => e.ToString())];
    }
}
