using Vexil.Core.Compilation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Core.Tests.Compilation.Incremental.Generation;
using static Vexil.Core.Tests.Compilation.Incremental.Defs;

namespace Vexil.Core.Tests.Compilation.Incremental;

public sealed class ApplyValidationTests
{
    private readonly Vexil.Core.Evaluation.CompiledRuleset _base = Base();

    [Fact]
    public void DeletedFlagThatARemainingFlagNeeds_IsReportedAtTheDelete_NamingTheDependent()
    {
        Assert.Equal(["flags.delete[0]: flag 'checkout' is a prerequisite of flag 'banner' (prerequisites[0])"], Errors(RulesetCompiler.Apply(_base, Delete("checkout"))));
    }

    [Fact]
    public void DeletedFlagsThatOnlyDeletedFlagsNeed_Apply()
    {
        Assert.Equal(["flags.delete[1]: flag 'banner' is a prerequisite of flag 'promo' (prerequisites[0])"], Errors(RulesetCompiler.Apply(_base, Delete("checkout", "banner"))));
        Assert.True(RulesetCompiler.Apply(_base, Delete("promo", "checkout", "banner")).IsValid);
    }

    [Fact]
    public void DeletedFlag_NamedByAnUpsertInTheSameChange_IsUnknownThere_AndFineOnceTheUpsertDropsIt()
    {
        var stillNamed = RulesetChange.Empty(2) with { UpsertFlags = [Bool("banner", Needs("checkout"))], DeleteFlags = ["checkout"] };
        var dropped = stillNamed with { UpsertFlags = [Bool("banner")] };

        Assert.Equal(["flags.upsert[0].prerequisites[0].flag: unknown flag 'checkout'"], Errors(RulesetCompiler.Apply(_base, stillNamed)));
        Assert.True(RulesetCompiler.Apply(_base, dropped).IsValid);
    }

    [Fact]
    public void DeletedSegmentThatARemainingFlagMatches_IsReportedAtTheDelete_WithWhereTheFlagNamesIt()
    {
        var change = RulesetChange.Empty(2) with { DeleteSegments = ["ghost", "beta"] };

        Assert.Equal(["segments.delete[1]: segment 'beta' is used by flag 'banner' (rules[0].clauses[1].values[0])"], Errors(RulesetCompiler.Apply(_base, change)));
    }

    [Fact]
    public void ReplacedFlagThatLostAVariationADependentNeeds_IsReportedAtItsVariations()
    {
        var renamed = Bool("checkout") with
        {
            Variations = [new VariationDefinition("yes", JsonValues.Of(true)), new VariationDefinition("no", JsonValues.Of(false))],
            OffVariation = "no",
            Fallthrough = ServeDefinition.Of("yes"),
        };

        Assert.Equal(["flags.upsert[0].variations: flag 'banner' needs variation 'on' of this flag (prerequisites[0])"], Errors(RulesetCompiler.Apply(_base, Upsert(renamed))));
    }

    [Fact]
    public void UpsertThatClosesACycle_IsReportedAtThePrerequisiteThatStartsIt()
    {
        Assert.Equal(
            ["flags.upsert[0].prerequisites[0].flag: prerequisite cycle: checkout -> promo -> banner -> checkout"],
            Errors(RulesetCompiler.Apply(_base, Upsert(Bool("checkout", Needs("promo"))))));
    }

    [Theory]
    [InlineData("ghost", "on", "flags.upsert[0].prerequisites[0].flag: unknown flag 'ghost'")]
    [InlineData("footer", "on", "flags.upsert[0].prerequisites[0].flag: a flag cannot be its own prerequisite")]
    [InlineData("checkout", "maybe", "flags.upsert[0].prerequisites[0].variation: flag 'checkout' has no variation 'maybe'")]
    public void UpsertWithABadPrerequisite_IsReportedInTheUpsert(string flag, string variation, string expected)
    {
        Assert.Equal([expected], Errors(RulesetCompiler.Apply(_base, Upsert(Bool("footer", Needs(flag, variation))))));
    }

    [Fact]
    public void PrerequisiteListedTwice_IsReported()
    {
        Assert.Equal(
            ["flags.upsert[0].prerequisites[1].flag: prerequisite 'checkout' is listed twice"],
            Errors(RulesetCompiler.Apply(_base, Upsert(Bool("footer", Needs("checkout"), Needs("checkout", "off"))))));
    }

    [Fact]
    public void PerFlagErrors_CarryTheUpsertPath()
    {
        var bad = Bool("new") with { Rules = [Rule("r0", Country("NL"), new ClauseDefinition("age", "gte2", [JsonValues.Of(1)]))] };

        Assert.Equal(["flags.upsert[1].rules[0].clauses[1].operator: unknown operator 'gte2'"], Errors(RulesetCompiler.Apply(_base, Upsert(Bool("footer"), bad))));
    }

    [Fact]
    public void SegmentMatch_ResolvesAgainstTheSegmentsAfterTheChange()
    {
        var user = Bool("footer") with { Rules = [Rule("r0", InSegment("fresh"))] };

        Assert.Equal(["flags.upsert[0].rules[0].clauses[0].values[0]: unknown segment 'fresh'"], Errors(RulesetCompiler.Apply(_base, Upsert(user))));
        Assert.True(RulesetCompiler.Apply(_base, Upsert(user) with { UpsertSegments = [Segment("fresh")] }).IsValid);
        Assert.Equal(
            ["flags.upsert[0].rules[0].clauses[0].values[0]: unknown segment 'staff'"],
            Errors(RulesetCompiler.Apply(_base, Upsert(Bool("staff-only") with { Rules = [Rule("r0", InSegment("staff"))] }) with { DeleteSegments = ["staff"] })));
    }

    [Fact]
    public void SegmentErrors_CarryTheSegmentUpsertPath()
    {
        var segment = Segment("staff") with { Rules = [new SegmentRuleDefinition("s0", [InSegment("beta")])] };

        Assert.Equal(["segments.upsert[0].rules[0].clauses[0].operator: segment rules cannot use segmentMatch"], Errors(RulesetCompiler.Apply(_base, RulesetChange.Empty(2) with { UpsertSegments = [segment] })));
    }

    [Fact]
    public void KeysTwiceInOneChange_AreReported()
    {
        var change = new RulesetChange(2, [Bool("footer"), Bool("footer"), Bool("new")], ["new", "ghost", "ghost"], [Segment("staff"), Segment("staff")], ["beta", "beta", "staff"]);

        Assert.Equal(
            [
                "flags.upsert[1].key: duplicate flag key 'footer' (first at flags.upsert[0])",
                "flags.delete[0]: flag 'new' is both upserted (flags.upsert[2]) and deleted",
                "flags.delete[2]: duplicate flag key 'ghost' (first at flags.delete[1])",
                "segments.upsert[1].key: duplicate segment key 'staff' (first at segments.upsert[0])",
                "segments.delete[1]: duplicate segment key 'beta' (first at segments.delete[0])",
                "segments.delete[2]: segment 'staff' is both upserted (segments.upsert[0]) and deleted",
                "segments.delete[0]: segment 'beta' is used by flag 'banner' (rules[0].clauses[1].values[0])",
                "segments.delete[2]: segment 'staff' is used by flag 'staff-only' (rules[0].clauses[0].values[0])",
            ],
            Errors(RulesetCompiler.Apply(_base, change)));
    }

    [Fact]
    public void DeletingKeysThatNothingHas_ChangesOnlyTheVersion()
    {
        var result = RulesetCompiler.Apply(_base, new RulesetChange(7, [], ["ghost"], [], ["ghost-segment"]));

        Assert.True(result.IsValid);
        Assert.Equal(7, result.Ruleset!.Version);
        Assert.Equal("test", result.Ruleset.Environment);
        Assert.Empty(result.ChangedFlagKeys);
        Assert.All(_base.Flags, pair => Assert.Same(pair.Value, result.Ruleset.Flags[pair.Key]));
    }

    [Fact]
    public void FailedChange_LeavesTheCurrentRulesetAsItWas()
    {
        var before = RulesetJson.Write(_base.ToDefinition());

        RulesetCompiler.Apply(_base, RulesetChange.Empty(2) with { UpsertFlags = [Bool("checkout") with { Enabled = false }], DeleteFlags = ["banner"] });

        Assert.Equal(before, RulesetJson.Write(_base.ToDefinition()));
        Assert.True(_base.Flags["checkout"].Evaluate(Vexil.Core.Context.EvaluationContext.Empty).HasValue);
    }

    [Fact]
    public void RulesetWithoutDefinitions_RefusesChanges()
    {
        var flagd = new Vexil.Core.Evaluation.CompiledRuleset("e", 1, [_base.Flags["footer"]]);

        Assert.False(flagd.CanApplyChanges);
        var error = Assert.Throws<InvalidOperationException>(() => RulesetCompiler.Apply(flagd, RulesetChange.Empty(2)));
        Assert.Contains("keeps no definitions", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(flagd.ToDefinition);
    }
}
