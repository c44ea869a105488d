using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Tests.Evaluation;

public sealed class NativeFlagEvaluationTests
{
    private static readonly EvaluationContext Alice = EvaluationContext.CreateBuilder("alice").Set("email", "alice@example.com").Set("plan", "pro").Build();

    [Fact]
    public void Evaluate_FlagOff_ServesOffVariationWithDisabledReason()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f").Replace("\"enabled\":true", "\"enabled\":false", StringComparison.Ordinal) + "]");

        var result = ruleset.Evaluate("f", Alice);

        Assert.Equal(EvaluationReason.Disabled, result.Reason);
        Assert.Equal(ReasonKind.Off, result.Detail.Kind);
        Assert.Equal("off", result.VariationKey);
        Assert.Equal(2, result.FlagVersion);
    }

    [Fact]
    public void Evaluate_FlagOffWithoutOffVariation_ServesCallersDefault()
    {
        var json = """[{"key":"f","type":"string","variations":[{"key":"a","value":"A"}],"enabled":false,"fallthrough":{"variation":"a"}}]""";
        var ruleset = Rulesets.Compile(json);

        var detail = ruleset.EvaluateString("f", Alice, "fallback");

        Assert.Equal("fallback", detail.Value);
        Assert.Null(detail.VariationKey);
        Assert.Equal(EvaluationReason.Disabled, detail.Reason);
        Assert.Equal(ErrorCode.None, detail.ErrorCode);
    }

    [Fact]
    public void Evaluate_NoTargeting_IsStatic()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: """{"variation":"on"}""") + "]");

        var detail = ruleset.EvaluateBoolean("f", Alice, false);

        Assert.True(detail.Value);
        Assert.Equal(EvaluationReason.Static, detail.Reason);
        Assert.Equal(ReasonKind.Fallthrough, detail.Detail.Kind);
    }

    [Fact]
    public void Evaluate_IndividualTarget_WinsOverRules()
    {
        var flag = Rulesets.BoolFlag("f", """
            "targets":[{"variation":"off","values":["alice"]}],
            "rules":[{"id":"all","clauses":[],"serve":{"variation":"on"}}]
            """);
        var ruleset = Rulesets.Compile("[" + flag + "]");

        var alice = ruleset.Evaluate("f", Alice);
        var bob = ruleset.Evaluate("f", EvaluationContext.CreateBuilder("bob").Build());

        Assert.Equal((EvaluationReason.TargetingMatch, ReasonKind.Target, "off"), (alice.Reason, alice.Detail.Kind, alice.VariationKey));
        Assert.Equal((EvaluationReason.TargetingMatch, ReasonKind.Rule, "on", "all"), (bob.Reason, bob.Detail.Kind, bob.VariationKey, bob.Detail.RuleId));
    }

    [Fact]
    public void Evaluate_Rules_FirstMatchingRuleDecidesAndClausesAreAnded()
    {
        var flag = Rulesets.BoolFlag("f", """
            "rules":[
              {"id":"both","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]},{"attribute":"plan","operator":"in","values":["enterprise"]}],"serve":{"variation":"off"}},
              {"id":"staff","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]}],"serve":{"variation":"on"}},
              {"id":"later","clauses":[],"serve":{"variation":"off"}}
            ]
            """);
        var ruleset = Rulesets.Compile("[" + flag + "]");

        var result = ruleset.Evaluate("f", Alice);

        Assert.Equal("on", result.VariationKey);
        Assert.Equal(1, result.Detail.RuleIndex);
        Assert.Equal("staff", result.Detail.RuleId);
    }

    [Fact]
    public void Evaluate_NoRuleMatches_FallthroughIsDefault()
    {
        var flag = Rulesets.BoolFlag("f", """ "rules":[{"id":"r","clauses":[{"attribute":"plan","operator":"in","values":["free"]}],"serve":{"variation":"on"}}]""");
        var result = Rulesets.Compile("[" + flag + "]").Evaluate("f", Alice);

        Assert.Equal((EvaluationReason.Default, ReasonKind.Fallthrough, "off"), (result.Reason, result.Detail.Kind, result.VariationKey));
    }

    [Fact]
    public void Evaluate_Rollout_ReportsSplitWithBucket()
    {
        var rollout = """{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}""";
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: rollout) + "]");

        var result = ruleset.Evaluate("f", Alice);

        Assert.Equal(EvaluationReason.Split, result.Reason);
        Assert.InRange(result.Detail.Bucket, 0, 99_999);
        Assert.Equal(result.Detail.Bucket < 50_000 ? "on" : "off", result.VariationKey);
    }

    [Fact]
    public void Evaluate_RolloutWithoutTargetingKey_IsTargetingKeyMissingError()
    {
        var rollout = """{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}""";
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: rollout) + "]");

        var detail = ruleset.EvaluateBoolean("f", EvaluationContext.Empty, true);

        Assert.True(detail.Value);
        Assert.Equal(EvaluationReason.Error, detail.Reason);
        Assert.Equal(ErrorCode.TargetingKeyMissing, detail.ErrorCode);
    }

    [Fact]
    public void Evaluate_RolloutByCustomAttribute_BucketsEveryoneWithTheSameValueTogether()
    {
        var rollout = """{"rollout":{"bucketBy":"org.id","weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}""";
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: rollout) + "]");
        var org = ContextValue.Of(new Dictionary<string, ContextValue> { ["id"] = ContextValue.Of("org-42") });

        var buckets = new HashSet<int>();
        for (var i = 0; i < 50; i++)
        {
            var context = EvaluationContext.CreateBuilder("user-" + i).Set("org", org).Build();
            buckets.Add(ruleset.Evaluate("f", context).Detail.Bucket);
        }

        Assert.Single(buckets);
    }

    [Fact]
    public void Evaluate_PrerequisiteMet_GoesOn_NotMet_ServesOffVariation()
    {
        var parent = Rulesets.BoolFlag("parent", """ "rules":[{"id":"pro","clauses":[{"attribute":"plan","operator":"in","values":["pro"]}],"serve":{"variation":"on"}}]""");
        var child = Rulesets.BoolFlag("child", """ "prerequisites":[{"flag":"parent","variation":"on"}]""", """{"variation":"on"}""");
        var ruleset = Rulesets.Compile("[" + child + "," + parent + "]");

        var met = ruleset.Evaluate("child", Alice);
        var notMet = ruleset.Evaluate("child", EvaluationContext.CreateBuilder("bob").Set("plan", "free").Build());

        Assert.Equal("on", met.VariationKey);
        Assert.Equal(EvaluationReason.Default, met.Reason);
        Assert.Equal("off", notMet.VariationKey);
        Assert.Equal(ReasonKind.PrerequisiteFailed, notMet.Detail.Kind);
        Assert.Equal("parent", notMet.Detail.PrerequisiteKey);
    }

    [Fact]
    public void Evaluate_PrerequisiteFlagOff_IsNotMetEvenWhenItsOffVariationMatches()
    {
        var parent = Rulesets.BoolFlag("parent").Replace("\"enabled\":true", "\"enabled\":false", StringComparison.Ordinal);
        var child = Rulesets.BoolFlag("child", """ "prerequisites":[{"flag":"parent","variation":"off"}]""", """{"variation":"on"}""");

        var result = Rulesets.Compile("[" + parent + "," + child + "]").Evaluate("child", Alice);

        Assert.Equal(ReasonKind.PrerequisiteFailed, result.Detail.Kind);
    }

    [Fact]
    public void Evaluate_UnknownFlag_IsFlagNotFound()
    {
        var ruleset = Rulesets.Compile("[]");

        var detail = ruleset.EvaluateNumber("missing", Alice, 7);

        Assert.Equal(7, detail.Value);
        Assert.Equal(ErrorCode.FlagNotFound, detail.ErrorCode);
        Assert.Equal(EvaluationReason.Error, detail.Reason);
    }

    [Fact]
    public void Evaluate_WrongType_IsTypeMismatchAndServesDefault()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: """{"variation":"on"}""") + "]");

        var detail = ruleset.EvaluateString("f", Alice, "default");

        Assert.Equal("default", detail.Value);
        Assert.Equal(ErrorCode.TypeMismatch, detail.ErrorCode);
    }

    [Fact]
    public void Evaluate_ObjectAndNumberFlags_ReturnTheirValues()
    {
        var json = """
            [{"key":"limits","type":"object","variations":[{"key":"small","value":{"rps":10,"tags":["a"]}}],"enabled":true,"fallthrough":{"variation":"small"}},
             {"key":"ratio","type":"number","variations":[{"key":"half","value":0.5}],"enabled":true,"fallthrough":{"variation":"half"}}]
            """;
        var ruleset = Rulesets.Compile(json);

        var limits = ruleset.EvaluateObject("limits", Alice, default);
        var ratio = ruleset.EvaluateNumber("ratio", Alice, 0);

        Assert.Equal(10, limits.Value.GetProperty("rps").GetInt32());
        Assert.Equal(0.5, ratio.Value);
    }

    [Fact]
    public void Evaluate_NullContext_IsTreatedAsEmpty()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: """{"variation":"on"}""") + "]");

        var result = ruleset.Evaluate("f", null!);

        Assert.Equal("on", result.VariationKey);
    }
}
