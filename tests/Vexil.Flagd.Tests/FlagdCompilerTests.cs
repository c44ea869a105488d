using System.Text;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Flagd.Tests;

/// <summary>Compiling flagd documents and evaluating the flags they define.</summary>
public sealed class FlagdCompilerTests
{
    private static readonly EvaluationContext NoContext = EvaluationContext.Empty;

    private static CompiledRuleset Compile(string flagsJson)
    {
        var result = FlagdCompiler.Compile(Encoding.UTF8.GetBytes("{\"flags\":" + flagsJson + "}"), FlagdCompileOptions.Default);
        return result.Ruleset!;
    }

    [Fact]
    public void Evaluate_DisabledFlag_AnswersDisabledWithTheCallersDefault()
    {
        var ruleset = Compile("""{"f":{"state":"DISABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}""");

        var detail = ruleset.EvaluateBoolean("f", NoContext, false);

        Assert.False(detail.Value);
        Assert.Equal(EvaluationReason.Disabled, detail.Reason);
        Assert.Null(detail.VariationKey);
    }

    [Fact]
    public void Evaluate_NoTargeting_AnswersTheDefaultVariantStatically()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":"A","b":"B"},"defaultVariant":"b","targeting":{}}}""");

        var detail = ruleset.EvaluateString("f", NoContext, "x");

        Assert.Equal(("B", "b", EvaluationReason.Static), (detail.Value, detail.VariationKey, detail.Reason));
    }

    [Fact]
    public void Evaluate_TargetingYieldsNull_AnswersTheDefaultVariantWithReasonDefault()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":"A","b":"B"},"defaultVariant":"b","targeting":{"if":[false,"a"]}}}""");

        var detail = ruleset.EvaluateString("f", NoContext, "x");

        Assert.Equal(("B", "b", EvaluationReason.Default), (detail.Value, detail.VariationKey, detail.Reason));
    }

    [Fact]
    public void Evaluate_NoDefaultVariantAndNullTargeting_AnswersTheCallersDefaultWithReasonDefault()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":null,"targeting":{"if":[false,"a"]}}}""");

        var detail = ruleset.EvaluateString("f", NoContext, "x");

        Assert.Equal(("x", null, EvaluationReason.Default, ErrorCode.None), (detail.Value, detail.VariationKey, detail.Reason, detail.ErrorCode));
    }

    [Fact]
    public void Evaluate_TargetingNamesAVariant_AnswersTargetingMatch()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":1,"b":2},"defaultVariant":"a","targeting":{"if":[{"==":[{"var":"plan"},"pro"]},"b"]}}}""");
        var context = EvaluationContext.CreateBuilder("u1").Set("plan", "pro").Build();

        var detail = ruleset.EvaluateNumber("f", context, 0);

        Assert.Equal((2d, "b", EvaluationReason.TargetingMatch, ReasonKind.Targeting), (detail.Value, detail.VariationKey, detail.Reason, detail.Detail.Kind));
    }

    [Fact]
    public void Evaluate_TargetingYieldsABoolean_NamesTheTrueOrFalseVariant()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"true":"yes","false":"no"},"defaultVariant":"false","targeting":{"starts_with":[{"var":"email"},"admin@"]}}}""");
        var context = EvaluationContext.CreateBuilder().Set("email", "admin@example.com").Build();

        Assert.Equal("yes", ruleset.EvaluateString("f", context, "x").Value);
    }

    [Fact]
    public void Evaluate_TargetingNamesNoVariant_FailsWithGeneral()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":"a","targeting":{"if":[true,"zzz"]}}}""");

        var detail = ruleset.EvaluateString("f", NoContext, "x");

        Assert.Equal(("x", EvaluationReason.Error, ErrorCode.General), (detail.Value, detail.Reason, detail.ErrorCode));
    }

    [Fact]
    public void Compile_InvalidTargeting_KeepsTheFlagAnsweringParseError()
    {
        var result = FlagdCompiler.Compile(
            """{"flags":{"f":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":"a","targeting":{"if":[{"foo":[]},"a"]}}}}"""u8,
            FlagdCompileOptions.Default);

        Assert.Equal("flags.f.targeting.if[0]: unknown operator 'foo'", Assert.Single(result.Errors).ToString());
        var detail = result.Ruleset!.EvaluateString("f", NoContext, "x");
        Assert.Equal(("x", ErrorCode.ParseError), (detail.Value, detail.ErrorCode));
    }

    [Fact]
    public void Compile_CircularEvaluatorReference_IsAnError()
    {
        var result = FlagdCompiler.Compile(
            """{"flags":{"f":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":"a","targeting":{"$ref":"x"}}},"$evaluators":{"x":{"!":{"$ref":"x"}}}}"""u8,
            FlagdCompileOptions.Default);

        Assert.Equal("$evaluators.x.!.$ref: evaluator 'x' refers to itself", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("""{"a":true,"b":false}""", FlagValueType.Boolean)]
    [InlineData("""{"a":"x"}""", FlagValueType.String)]
    [InlineData("""{"a":1,"b":2.5}""", FlagValueType.Number)]
    [InlineData("""{"a":{"k":1},"b":[1,2]}""", FlagValueType.Object)]
    public void Compile_VariantValues_DecideTheFlagType(string variants, FlagValueType expected)
    {
        var ruleset = Compile($$$"""{"f":{"state":"ENABLED","variants":{{{variants}}},"defaultVariant":"a"}}""");

        Assert.True(ruleset.TryGetFlag("f", out var flag));
        Assert.Equal(expected, flag.Type);
    }

    [Fact]
    public void Compile_Options_SetEnvironmentVersionAndClock()
    {
        var options = new FlagdCompileOptions
        {
            Environment = "prod",
            Version = 42,
            TimeProvider = new Conformance.FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000)),
        };
        var result = FlagdCompiler.Compile(
            """{"flags":{"f":{"state":"ENABLED","variants":{"old":"o","new":"n"},"defaultVariant":"old","targeting":{"if":[{">=":[{"var":"$flagd.timestamp"},1000]},"new"]}}}}"""u8,
            options);

        var ruleset = result.Ruleset!;
        Assert.Equal(("prod", 42L), (ruleset.Environment, ruleset.Version));
        var detail = ruleset.EvaluateString("f", NoContext, "x");
        Assert.Equal(("n", 42L), (detail.Value, detail.FlagVersion));
    }

    [Fact]
    public void Compile_SeveralDocuments_LaterFlagsWinEvaluatorsAreSharedMetadataStaysWithItsDocument()
    {
        var first = """
            {"flags":{"f":{"state":"ENABLED","variants":{"a":"first"},"defaultVariant":"a"},
                      "g":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":"a"}},
             "metadata":{"flagSetId":"one","team":"core"}}
            """;
        var second = """
            {"flags":{"f":{"state":"ENABLED","variants":{"a":"second","b":"B"},"defaultVariant":"a","targeting":{"if":[{"$ref":"isPro"},"b"]},"metadata":{"team":"growth"}}},
             "$evaluators":{"isPro":{"==":[{"var":"plan"},"pro"]}},
             "metadata":{"flagSetId":"two"}}
            """;

        var result = FlagdCompiler.Compile([Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second)], FlagdCompileOptions.Default);

        Assert.Empty(result.Errors);
        var ruleset = result.Ruleset!;
        var pro = EvaluationContext.CreateBuilder().Set("plan", "pro").Build();
        Assert.Equal("second", ruleset.EvaluateString("f", NoContext, "x").Value);
        Assert.Equal("B", ruleset.EvaluateString("f", pro, "x").Value);
        Assert.Equal("two", ruleset.Flags["f"].Metadata.Entries["flagSetId"].AsString);
        Assert.Equal("growth", ruleset.Flags["f"].Metadata.Entries["team"].AsString);
        Assert.Equal("one", ruleset.Flags["g"].Metadata.Entries["flagSetId"].AsString);
        Assert.Equal(("two", "core"), (ruleset.Metadata.Entries["flagSetId"].AsString, ruleset.Metadata.Entries["team"].AsString));
    }

    [Fact]
    public void Compile_SeveralDocuments_ErrorPathsNameTheDocument()
    {
        var result = FlagdCompiler.Compile(
            [Encoding.UTF8.GetBytes("""{"flags":{}}"""), Encoding.UTF8.GetBytes("""{"flags":{"f":{"state":"ON","variants":{"a":1}}}}""")],
            FlagdCompileOptions.Default);

        Assert.Equal("documents[1].flags.f.state: the state must be ENABLED or DISABLED, not \"ON\"", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Evaluate_ObjectFlag_ReturnsTheVariantsJson()
    {
        var ruleset = Compile("""{"f":{"state":"ENABLED","variants":{"a":{"color":"red","size":3}},"defaultVariant":"a"}}""");

        var detail = ruleset.EvaluateObject("f", NoContext, default);

        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"color":"red","size":3}""").RootElement, detail.Value));
    }

    [Fact]
    public void Evaluate_CompiledTargeting_DoesNotAllocate()
    {
        var ruleset = Compile(
            """
            {"f":{"state":"ENABLED","variants":{"a":"A","b":"B","c":"C","d":"D"},"defaultVariant":"a","targeting":
              {"if":[{"and":[{"sem_ver":[{"var":"app.version"},">=","2.1.0"]},{"ends_with":[{"var":"email"},"@example.com"]}]},
                     {"fractional":[["b",50],["c",50]]},
                     {"in":[{"var":"country"},["fr","de"]]},"d",
                     null]}}}
            """);
        var context = EvaluationContext.FromJson(JsonDocument.Parse("""{"targetingKey":"user-1","email":"a@example.com","app":{"version":"2.3.0"},"country":"fr"}""").RootElement);
        for (var i = 0; i < 10; i++)
        {
            ruleset.Evaluate("f", context);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ruleset.Evaluate("f", context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(ruleset.Evaluate("f", context).VariationKey is "b" or "c");
    }

    [Theory]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":"\ud800","b":"B"},"defaultVariant":"b"}}}""", "flags.f.variants.a")]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":"A","b":"B"},"defaultVariant":"b","targeting":{"if":[{"==":[{"var":"email"},"\udc00"]},"a","b"]}}}}""", "flags.f.targeting.if[0].==[1]")]
    public void Compile_TextThatIsNotUnicode_IsAnErrorWithItsPath_NotAnException(string json, string path)
    {
        var one = FlagdCompiler.Compile(Encoding.UTF8.GetBytes(json), FlagdCompileOptions.Default);
        var several = FlagdCompiler.Compile([Encoding.UTF8.GetBytes("""{"flags":{}}"""), Encoding.UTF8.GetBytes(json)], FlagdCompileOptions.Default);

        Assert.Null(one.Ruleset);
        Assert.Contains(one.Errors, e => e.Path == path && e.Message.Contains("not valid Unicode", StringComparison.Ordinal));
        Assert.Null(several.Ruleset);
        Assert.Contains(several.Errors, e => e.Path == "documents[1]." + path);
    }

    [Fact]
    public void Compile_AVariantHoldingANumberNoDoubleHolds_IsAnErrorWithItsPath()
    {
        var result = FlagdCompiler.Compile(Encoding.UTF8.GetBytes("""{"flags":{"f":{"state":"ENABLED","variants":{"a":{"size":1e999},"b":{}},"defaultVariant":"b"}}}"""), FlagdCompileOptions.Default);

        Assert.Null(result.Ruleset);
        Assert.Contains(result.Errors, e => e.Path == "flags.f.variants.a.size" && e.Message.Contains("out of range", StringComparison.Ordinal));
    }
}
