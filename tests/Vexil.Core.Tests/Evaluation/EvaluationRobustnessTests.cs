using System.Text.Json;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Core.Tests.Evaluation;

public sealed class EvaluationRobustnessTests
{
    private static readonly CompiledRuleset Full =
        RulesetCompiler.Load(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Serialization", "Golden", "full.json"))).Ruleset!;

    public static TheoryData<string> HostileContexts =>
    [
        "{}",
        """{"targetingKey":""}""",
        """{"targetingKey":"u","email":null,"org":{"plan":[null,{},[]]},"app":{"version":["1.0.0","x",7]}}""",
        """{"targetingKey":"u","ip":"999.1.1.1","signup":"not a date","name":12,"age":"old","country":true}""",
        """{"targetingKey":"u","ip":["::ffff:10.0.0.1","fe80::1%eth0"],"signup":1e308,"age":-1e308,"org":{"id":1e21}}""",
        """{"targetingKey":"\u0000\uFFFF","email":"@example.com","name":"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}""",
    ];

    [Theory]
    [MemberData(nameof(HostileContexts))]
    public void Evaluate_HostileContext_NeverThrowsAndAlwaysAnswers(string contextJson)
    {
        using var document = JsonDocument.Parse(contextJson);
        var context = EvaluationContext.FromJson(document.RootElement);

        foreach (var key in Full.Flags.Keys)
        {
            var result = Full.Evaluate(key, context);
            Assert.True(result.HasValue || result.Reason is EvaluationReason.Error or EvaluationReason.Disabled, $"{key}: {result.Reason}");
            Assert.Same(Full.Flags[key], result.Flag);
        }
    }

    [Fact]
    public void Evaluate_EveryReasonPath_AllocatesNothing() => AssertAllocatesNothing(Rulesets.Compile("[" + EveryReasonFlag + "]"));

    [Fact]
    public void Evaluate_EveryReasonPath_AllocatesNothing_OnARulesetProducedByApply()
    {
        // The flag arrives by a change, and a prerequisite of it is replaced by the next: both rebuilt by Apply.
        var start = Rulesets.Compile("[" + Rulesets.BoolFlag("gate") + "]");
        var flag = RulesetJson.ReadFlag(JsonDocument.Parse(EveryReasonFlag.Replace("\"targets\"", "\"prerequisites\":[{\"flag\":\"gate\",\"variation\":\"on\"}],\"targets\"", StringComparison.Ordinal)).RootElement).Flag!;
        var gate = start.GetDefinition("gate")! with { Fallthrough = Vexil.Core.Model.ServeDefinition.Of("on") };
        var added = RulesetCompiler.Apply(start, Vexil.Core.Model.RulesetChange.Empty(4) with { UpsertFlags = [flag] }).Ruleset!;
        var relinked = RulesetCompiler.Apply(added, Vexil.Core.Model.RulesetChange.Empty(5) with { UpsertFlags = [gate] }).Ruleset!;
        Assert.NotSame(added.Flags["f"], relinked.Flags["f"]);

        AssertAllocatesNothing(relinked);
    }

    private static string EveryReasonFlag
    {
        get
        {
            var rollout = """{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}""";
            return Rulesets.BoolFlag("f", """
                "targets":[{"variation":"on","values":["vip"]}],
                "rules":[
                  {"id":"a","clauses":[{"attribute":"org.plan","operator":"in","values":["x","y"]},{"attribute":"email","operator":"endsWithIgnoreCase","values":["@EXAMPLE.com"]}],"serve":{"variation":"on"}},
                  {"id":"b","clauses":[{"attribute":"v","operator":"semVerGte","values":["1.0.0-rc.1"]},{"attribute":"ip","operator":"ipInCidr","values":["10.0.0.0/8"]},{"attribute":"d","operator":"after","values":["2020-01-01T00:00:00Z"]},{"attribute":"n","operator":"matches","values":["^[a-z]+$"]}],"serve":{"variation":"off"}}
                ]
                """, rollout);
        }
    }

    private static void AssertAllocatesNothing(CompiledRuleset ruleset)
    {
        var contexts = new[]
        {
            EvaluationContext.CreateBuilder("vip").Build(),
            EvaluationContext.CreateBuilder("u1").Set("org", ContextValue.Of(new Dictionary<string, ContextValue> { ["plan"] = ContextValue.Of("y") })).Set("email", "a@example.COM").Build(),
            EvaluationContext.CreateBuilder("u2").Set("v", "1.2.3").Set("ip", "10.1.2.3").Set("d", "2021-05-05T10:00:00+02:00").Set("n", "abc").Build(),
            EvaluationContext.CreateBuilder("u3").Set("tags", "a", "b").Build(),
            EvaluationContext.Empty,
        };
        foreach (var context in contexts)
        {
            ruleset.EvaluateBoolean("f", context, false);
            ruleset.EvaluateBoolean("missing", context, false);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            foreach (var context in contexts)
            {
                ruleset.EvaluateBoolean("f", context, false);
                ruleset.EvaluateString("f", context, "x");
                ruleset.EvaluateBoolean("missing", context, false);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Contexts with kinds, ld: and unleash: operators, launchdarkly-v1 and unleash-v1, percentages, random stickiness (ImportedFlagEvaluationTests' flags).</summary>
    [Fact]
    public void Evaluate_ImportedFeaturesEveryReasonPath_AllocatesNothing()
    {
        var contexts = new[]
        {
            EvaluationContext.Empty,
            EvaluationContext.CreateBuilder("vip").Build(),
            EvaluationContext.CreateBuilder("acme").Set("kind", "org").Build(),
            EvaluationContext.CreateBuilder("u").Set("email", "ann@example.com").Set("age", 42).Set("signup", "2019-05-01T10:00:00Z").Set("version", "1.2").Build(),
            EvaluationContext.CreateBuilder().Set("kind", "multi").Set("user", ContextValue.Of(new Dictionary<string, ContextValue> { ["targetingKey"] = ContextValue.Of("u"), ["plan"] = ContextValue.Of("beta") }))
                .Set("org", ContextValue.Of(new Dictionary<string, ContextValue> { ["targetingKey"] = ContextValue.Of("initech") })).Build(),
            EvaluationContext.CreateBuilder("u1").Set("plan", "pro").Set("email", "ann@EXAMPLE.com").Set("age", 30).Set("version", "1.2.3").Set("remoteAddress", "192.168.0.1").Build(),
            EvaluationContext.CreateBuilder().Set("plan", ContextValue.Of([ContextValue.Of(5), ContextValue.Of("x")])).Set("age", "0x1F").Set("currentTime", 1.7e12).Build(),
        };
        foreach (var context in contexts)
        {
            ImportedFlagEvaluationTests.Ruleset.Evaluate("ld", context);
            ImportedFlagEvaluationTests.Ruleset.EvaluateBoolean("un", context, false);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            foreach (var context in contexts)
            {
                ImportedFlagEvaluationTests.Ruleset.Evaluate("ld", context);
                ImportedFlagEvaluationTests.Ruleset.EvaluateBoolean("un", context, false);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
