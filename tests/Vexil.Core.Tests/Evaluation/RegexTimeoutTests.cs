using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Vexil.Core.Compilation;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Tests.Evaluation;

/// <summary>
/// A regular expression that hits its time bound decides nothing: the evaluation is an error (reason ERROR, code
/// GENERAL, detail RegexTimeout with the rule), whether the clause is negated or not and wherever it is (a rule, a
/// segment's rule), instead of a silent "no match" that a negated clause turns into a match.
/// </summary>
public sealed class RegexTimeoutTests
{
    /// <summary>A bound no match over a megabyte can keep (the compiled ones have 100 ms).</summary>
    private static readonly Regex Slow = new("^(a|b)+c$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromTicks(1));

    private static readonly EvaluationContext Adversarial = EvaluationContext.CreateBuilder("u1").Set("email", new string('a', 4_000_000)).Build();

    private static Clause Matches(bool negate) => new AttributeClause<RegexMatcher>(AttributePath.Parse("email"), negate, new RegexMatcher([Slow]));

    private static NativeFlag Flag(params Clause[] clauses) => new(
        "f",
        FlagValueType.Boolean,
        [new CompiledVariation("on", FlagValue.Of(true)), new CompiledVariation("off", FlagValue.Of(false))],
        7,
        enabled: true,
        offVariation: 1,
        prerequisites: [],
        targets: FrozenDictionary<string, int>.Empty,
        rules: [new CompiledRule("staff", clauses, CompiledServe.Fixed(0))],
        fallthrough: CompiledServe.Fixed(1));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TimedOutClause_InARule_IsAnEvaluationError(bool negate)
    {
        var result = Flag(Matches(negate)).Evaluate(Adversarial);

        Assert.Equal(EvaluationReason.Error, result.Reason);
        Assert.Equal(ErrorCode.General, result.ErrorCode);
        Assert.Equal(ReasonKind.RegexTimeout, result.Detail.Kind);
        Assert.Equal(("staff", 0), (result.Detail.RuleId, result.Detail.RuleIndex));
        Assert.False(result.HasValue);
        Assert.Contains("regular expression", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TimedOutClause_InASegmentsRule_IsAnEvaluationError(bool negateSegment)
    {
        var segment = new CompiledSegment("s", FrozenSet<string>.Empty, FrozenSet<string>.Empty, [[Matches(negate: true)]]);

        var result = Flag(new SegmentClause(negateSegment, [segment])).Evaluate(Adversarial);

        Assert.Equal(EvaluationReason.Error, result.Reason);
        Assert.Equal(ReasonKind.RegexTimeout, result.Detail.Kind);
    }

    [Fact]
    public void ListAttribute_AnItemThatTimesOut_BeforeAnyMatch_IsAnError()
    {
        var context = EvaluationContext.CreateBuilder("u1").Set("email", ContextValue.Of([ContextValue.Of(new string('a', 4_000_000)), ContextValue.Of("x")])).Build();

        Assert.Equal(EvaluationReason.Error, Flag(Matches(negate: false)).Evaluate(context).Reason);
    }

    [Fact]
    public void QuickMatch_WithTheSameBound_StillDecides()
    {
        var quick = new Regex("^a", RegexOptions.NonBacktracking, TimeSpan.FromSeconds(10));
        var clause = new AttributeClause<RegexMatcher>(AttributePath.Parse("email"), false, new RegexMatcher([quick]));

        var result = Flag(clause).Evaluate(EvaluationContext.CreateBuilder("u1").Set("email", "ada@example.com").Build());

        Assert.Equal((EvaluationReason.TargetingMatch, 0), (result.Reason, result.VariationIndex));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TimedOutClause_OfAContextKind_IsAnEvaluationError(bool negate)
    {
        Assert.True(LaunchDarklyAttribute.TryParse("email", out var email));
        var clause = new KindedClause<RegexMatcher>(email!, "user", negate, new RegexMatcher([Slow]));

        var result = Flag(clause).Evaluate(Adversarial);

        Assert.Equal((EvaluationReason.Error, ReasonKind.RegexTimeout, "staff"), (result.Reason, result.Detail.Kind, result.Detail.RuleId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TimedOutClause_OnTheKindsOfAContext_IsAnEvaluationError(bool negate)
    {
        Assert.True(LaunchDarklyAttribute.TryParse("kind", out var kind));
        var clause = new KindedClause<RegexMatcher>(kind!, "user", negate, new RegexMatcher([Slow]));
        var context = EvaluationContext.CreateBuilder("u1").Set("kind", new string('a', 4_000_000)).Build();

        Assert.Equal(EvaluationReason.Error, Flag(clause).Evaluate(context).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TimedOutUnleashRegex_InverseOrNot_IsAnEvaluationError(bool inverted)
    {
        var clause = new UnleashClause<UnleashRegexMatcher>("email", inverted, false, new UnleashRegexMatcher(Slow));

        var result = Flag(clause).Evaluate(Adversarial);

        Assert.Equal((EvaluationReason.Error, ReasonKind.RegexTimeout), (result.Reason, result.Detail.Kind));
    }

    [Fact]
    public void TimedOutClause_OfAContextKind_InASegmentsRule_IsAnEvaluationError()
    {
        Assert.True(LaunchDarklyAttribute.TryParse("email", out var email));
        var segment = new CompiledSegment("s", FrozenSet<string>.Empty, FrozenSet<string>.Empty, [[new KindedClause<RegexMatcher>(email!, "user", true, new RegexMatcher([Slow]))]]);

        Assert.Equal(EvaluationReason.Error, Flag(new SegmentClause(false, [segment])).Evaluate(Adversarial).Reason);
    }

    [Fact]
    public void QuickMatches_OfTheVendorsClauses_StillDecide()
    {
        var quick = new Regex("^ada", RegexOptions.NonBacktracking, TimeSpan.FromSeconds(10));
        Assert.True(LaunchDarklyAttribute.TryParse("email", out var email));
        var context = EvaluationContext.CreateBuilder("u1").Set("email", "ada@example.com").Build();

        Assert.Equal(0, Flag(new KindedClause<RegexMatcher>(email!, "user", false, new RegexMatcher([quick]))).Evaluate(context).VariationIndex);
        Assert.Equal(1, Flag(new KindedClause<RegexMatcher>(email!, "user", true, new RegexMatcher([quick]))).Evaluate(context).VariationIndex);
        Assert.Equal(0, Flag(new UnleashClause<UnleashRegexMatcher>("email", false, false, new UnleashRegexMatcher(quick))).Evaluate(context).VariationIndex);
        Assert.Equal(1, Flag(new UnleashClause<UnleashRegexMatcher>("email", true, false, new UnleashRegexMatcher(quick))).Evaluate(context).VariationIndex);
    }
}
