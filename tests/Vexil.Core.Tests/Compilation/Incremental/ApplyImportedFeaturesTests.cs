using System.Text.Json;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Tests.Compilation.Incremental.Generation;
using static Vexil.Core.Tests.Compilation.Incremental.Defs;

namespace Vexil.Core.Tests.Compilation.Incremental;

/// <summary>
/// What imports bring, through <see cref="RulesetCompiler.Apply"/>: any-of prerequisites checked and re-linked like
/// single ones, segments' contexts of a kind and percentages reaching the flags that match the segment, and the same
/// errors as a full compile, at the change's paths.
/// </summary>
public sealed class ApplyImportedFeaturesTests
{
    private static readonly EvaluationContext User = Context("""{"targetingKey":"u9"}""");

    [Fact]
    public void ReplacedFlagThatLostAVariationAnAnyOfPrerequisiteLists_IsReportedAtItsVariations_AsAFullCompileRefusesIt()
    {
        var ruleset = Compile([Bool("checkout"), Bool("banner", new PrerequisiteDefinition("checkout", "on", ["on", "off"]))]);
        var lost = Bool("checkout") with { Variations = [new VariationDefinition("on", JsonValues.Of(true)), new VariationDefinition("no", JsonValues.Of(false))], OffVariation = "no" };

        Assert.Equal(["flags.upsert[0].variations: flag 'banner' needs variation 'off' of this flag (prerequisites[0])"], Errors(RulesetCompiler.Apply(ruleset, Upsert(lost))));
        var full = RulesetCompiler.Compile(new RulesetDefinition("test", 2, [lost, Bool("banner", new PrerequisiteDefinition("checkout", "on", ["on", "off"]))], []));
        Assert.Equal(["flags[1].prerequisites[0].variations[1]: flag 'checkout' has no variation 'off'"], Errors(full));
    }

    [Fact]
    public void UpsertedAnyOfPrerequisite_NamingAMissingVariation_IsReportedAtThatListItem()
    {
        var change = Upsert(Bool("banner", new PrerequisiteDefinition("checkout", "on", ["on", "maybe"])));

        Assert.Equal(["flags.upsert[0].prerequisites[0].variations[1]: flag 'checkout' has no variation 'maybe'"], Errors(RulesetCompiler.Apply(Base(), change)));
    }

    [Fact]
    public void DependentOfAnAnyOfPrerequisite_IsReLinked_ToTheReplacedFlagsVariationsByKey()
    {
        // banner is met when checkout serves 'off' (on or off); checkout serves 'on', then is replaced, reordered, serving 'off'.
        var ruleset = Compile([Bool("checkout"), Bool("banner", new PrerequisiteDefinition("checkout", "off", ["off"]))]);
        var reordered = Bool("checkout") with
        {
            Variations = [new VariationDefinition("off", JsonValues.Of(false)), new VariationDefinition("on", JsonValues.Of(true))],
            Fallthrough = ServeDefinition.Of("off"),
        };

        var applied = RulesetCompiler.Apply(ruleset, Upsert(reordered));

        Assert.Equal(ReasonKind.PrerequisiteFailed, ruleset.Evaluate("banner", User).Detail.Kind);
        Assert.True(applied.IsValid, string.Join("\n", applied.Errors));
        var banner = applied.Ruleset!.Evaluate("banner", User);
        Assert.Equal(("on", ReasonKind.Fallthrough), (banner.VariationKey, banner.Detail.Kind));
        Assert.Equal(["checkout"], applied.ChangedFlagKeys);
    }

    [Fact]
    public void EmptyAnyOfList_IsAPrerequisiteNeverMet_InBothPaths()
    {
        var banner = Bool("banner", new PrerequisiteDefinition("checkout", string.Empty, []));
        var applied = RulesetCompiler.Apply(Compile([Bool("checkout")]), Upsert(banner));
        var full = Compile([Bool("checkout"), banner]);

        Assert.Equal(ReasonKind.PrerequisiteFailed, applied.Ruleset!.Evaluate("banner", User).Detail.Kind);
        Assert.Equal(ReasonKind.PrerequisiteFailed, full.Evaluate("banner", User).Detail.Kind);
    }

    [Fact]
    public void UpsertedSegmentWithContextsOfAKind_ReachesTheFlagsThatMatchIt()
    {
        var ruleset = Base();
        var partners = Segment("beta") with { IncludedContexts = [new TargetDefinition(string.Empty, ["acme"], "org")] };
        var excluding = Segment("beta") with { ExcludedContexts = [new TargetDefinition(string.Empty, ["acme"], "org")], Rules = [new SegmentRuleDefinition("all", [], new PercentageDefinition(100_000, "launchdarkly-v1"))] };

        var included = RulesetCompiler.Apply(ruleset, RulesetChange.Empty(2) with { UpsertSegments = [partners] });
        var excluded = RulesetCompiler.Apply(ruleset, RulesetChange.Empty(2) with { UpsertSegments = [excluding] });

        // staff-only is untouched; banner (rules[0]: NL and segment beta) is recompiled with the new segment.
        var nlAcme = Context("""{"kind":"multi","country":"NL","user":{"targetingKey":"u9"},"org":{"targetingKey":"acme"}}""");
        Assert.Equal(EvaluationReason.TargetingMatch, included.Ruleset!.Evaluate("banner", nlAcme).Reason);
        Assert.NotEqual(EvaluationReason.TargetingMatch, ruleset.Evaluate("banner", nlAcme).Reason);
        Assert.NotEqual(EvaluationReason.TargetingMatch, excluded.Ruleset!.Evaluate("banner", Context("""{"kind":"multi","country":"NL","user":{"targetingKey":"u8"},"org":{"targetingKey":"acme"}}""")).Reason);
        Assert.Equal(EvaluationReason.TargetingMatch, excluded.Ruleset!.Evaluate("banner", Context("""{"targetingKey":"u8","country":"NL"}""")).Reason);
        Assert.Same(ruleset.Flags["staff-only"], included.Ruleset.Flags["staff-only"]);
    }

    [Fact]
    public void SegmentContextsWithoutAKind_AndBadPercentages_AreReportedInBothPaths()
    {
        var bad = Segment("beta") with
        {
            IncludedContexts = [new TargetDefinition(string.Empty, ["acme"])],
            Rules = [new SegmentRuleDefinition("r", [], new PercentageDefinition(5, "vexil-v1"))],
        };

        Assert.Equal(
            ["segments.upsert[0].rules[0].percentage.algorithm: unknown percentage algorithm 'vexil-v1': use launchdarkly-v1 or unleash-v1", "segments.upsert[0].includedContexts[0].contextKind: is required"],
            Errors(RulesetCompiler.Apply(Base(), RulesetChange.Empty(2) with { UpsertSegments = [bad] })));
        Assert.Equal(
            ["segments[0].rules[0].percentage.algorithm: unknown percentage algorithm 'vexil-v1': use launchdarkly-v1 or unleash-v1", "segments[0].includedContexts[0].contextKind: is required"],
            Errors(RulesetCompiler.Compile(new RulesetDefinition("test", 1, [], [bad]))));
    }

    private static CompiledRuleset Compile(IReadOnlyList<FlagDefinition> flags)
    {
        var result = RulesetCompiler.Compile(new RulesetDefinition("test", 1, flags, []));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }

    private static EvaluationContext Context(string json)
    {
        using var document = JsonDocument.Parse(json);
        return EvaluationContext.FromJson(document.RootElement);
    }
}
