using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using static Vexil.Core.Tests.Compilation.Incremental.Defs;

namespace Vexil.Core.Tests.Compilation.Incremental;

public sealed class ApplySharingTests
{
    private readonly CompiledRuleset _base = Base();

    [Fact]
    public void KillSwitch_RebuildsOnlyThatFlag()
    {
        var off = Bool("footer") with { Enabled = false, Version = 2 };

        var next = Applied(Upsert(off));

        Assert.NotSame(_base.Flags["footer"], next.Flags["footer"]);
        Assert.Same(off, next.GetDefinition("footer"));
        foreach (var key in new[] { "checkout", "banner", "promo", "staff-only" })
        {
            Assert.Same(_base.Flags[key], next.Flags[key]);
        }

        Assert.Equal(EvaluationReason.Disabled, next.Evaluate("footer", EvaluationContext.Empty).Reason);
        Assert.Equal(2, next.Flags["footer"].Version);
    }

    [Fact]
    public void ChangedPrerequisite_RebuildsItsDependentsTransitively_AndTheyEvaluateAgainstTheNewOne()
    {
        var next = Applied(Upsert(Bool("checkout") with { Enabled = false }));

        foreach (var key in new[] { "checkout", "banner", "promo" })
        {
            Assert.NotSame(_base.Flags[key], next.Flags[key]);
        }

        // Dependents are re-linked, not redefined: same definitions, same versions.
        Assert.Same(_base.GetDefinition("banner"), next.GetDefinition("banner"));
        Assert.Same(_base.GetDefinition("promo"), next.GetDefinition("promo"));

        Assert.Same(_base.Flags["footer"], next.Flags["footer"]);
        Assert.Same(_base.Flags["staff-only"], next.Flags["staff-only"]);
        var banner = next.Evaluate("banner", EvaluationContext.Empty);
        Assert.Equal(ReasonKind.PrerequisiteFailed, banner.Detail.Kind);
        Assert.Equal("checkout", banner.Detail.PrerequisiteKey);
        Assert.Equal(ReasonKind.PrerequisiteFailed, next.Evaluate("promo", EvaluationContext.Empty).Detail.Kind);
        Assert.Equal(ReasonKind.Fallthrough, _base.Evaluate("banner", EvaluationContext.Empty).Detail.Kind);
    }

    [Fact]
    public void ChangedSegment_RecompilesTheFlagsThatMatchIt()
    {
        var u3 = EvaluationContext.CreateBuilder("u3").Build();
        Assert.Equal(ReasonKind.Fallthrough, _base.Evaluate("staff-only", u3).Detail.Kind);

        var next = Applied(RulesetChange.Empty(2) with { UpsertSegments = [Segment("staff", "u2", "u3")] });

        Assert.NotSame(_base.Flags["staff-only"], next.Flags["staff-only"]);
        Assert.Equal(ReasonKind.Rule, next.Evaluate("staff-only", u3).Detail.Kind);
        Assert.Same(_base.Flags["banner"], next.Flags["banner"]);
        Assert.Equal(["u2", "u3"], next.GetSegmentDefinition("staff")!.Included);
    }

    [Fact]
    public void ChangedFlagKeys_ListUpsertsThenDeletesThatExisted_NotDependents()
    {
        var result = RulesetCompiler.Apply(_base, new RulesetChange(2, [Bool("checkout") with { Enabled = false }, Bool("new")], ["ghost", "footer"], [], []));

        Assert.Equal(["checkout", "new", "footer"], result.ChangedFlagKeys);
        Assert.False(result.Ruleset!.TryGetFlag("footer", out _));
        Assert.Null(result.Ruleset.GetDefinition("footer"));
        Assert.Empty(RulesetCompiler.Compile(_base.ToDefinition()).ChangedFlagKeys);
    }

    [Fact]
    public void AppliedRuleset_TakesFurtherChanges_AndEqualsAFullCompile()
    {
        var first = Applied(RulesetChange.Empty(2) with { UpsertFlags = [Bool("extra", Needs("promo"))], UpsertSegments = [Segment("beta", "u9")] });
        var second = RulesetCompiler.Apply(first, new RulesetChange(3, [Bool("checkout") with { Enabled = false }], ["footer"], [], []));

        var full = RulesetCompiler.Compile(second.Ruleset!.ToDefinition());
        Assert.True(full.IsValid);
        Assert.Equal(3, second.Ruleset.Version);
        Assert.Equal(
            Vexil.Core.Serialization.RulesetJson.Write(full.Ruleset!.ToDefinition()),
            Vexil.Core.Serialization.RulesetJson.Write(second.Ruleset.ToDefinition()));
        Assert.Equal(ReasonKind.PrerequisiteFailed, second.Ruleset.Evaluate("extra", EvaluationContext.Empty).Detail.Kind);
        Assert.Equal("promo", second.Ruleset.Evaluate("extra", EvaluationContext.Empty).Detail.PrerequisiteKey);
    }

    [Fact]
    public void EmptyRuleset_TakesChanges()
    {
        var result = RulesetCompiler.Apply(CompiledRuleset.Empty, Upsert(Bool("a")));

        Assert.True(CompiledRuleset.Empty.CanApplyChanges);
        Assert.True(result.IsValid);
        Assert.Equal(["a"], result.Ruleset!.Flags.Keys);
    }

    private CompiledRuleset Applied(RulesetChange change)
    {
        var result = RulesetCompiler.Apply(_base, change);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }
}
