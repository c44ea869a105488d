using System.Text;
using System.Text.Json;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Flagd.Import;

namespace Vexil.Flagd.Tests.JsonLogic;

/// <summary>
/// <c>cat</c> and <c>var</c> as @openfeature/flagd-core 4.0.1 evaluates them (json-logic-engine 5.0.7, compiled, its
/// default): a missing or null value read into <c>cat</c> is the text "null", numbers are JavaScript's text. Every
/// expected value below was produced by flagd-core itself (docs/flagd.md#cat-and-var).
/// </summary>
public sealed class CatAndVarTests
{
    // "k1-null" and "k1-" fall in different halves: the import must hash what flagd-core hashes for a missing attribute.
    private const string ImportFlags = """
        {"flags":{"cat":{"state":"ENABLED","defaultVariant":"none","variants":{"a":"a","b":"b","none":"none"},
          "targeting":{"fractional":[{"cat":["k1-",{"var":"x"}]},["a",50],["b",50]]}}}}
        """;

    private const string Flags = """
        {"flags":{"cat":{"state":"ENABLED","defaultVariant":"none","variants":{"a":"a","b":"b","none":"none"},
          "targeting":{"fractional":[{"cat":["p-",{"var":"x"}]},["a",50],["b",50]]}}}}
        """;

    [Theory]
    [InlineData(null, "\"p-null\"")]
    [InlineData("null", "\"p-null\"")]
    [InlineData("5", "\"p-5\"")]
    [InlineData("1.5", "\"p-1.5\"")]
    [InlineData("-0", "\"p-0\"")]
    [InlineData("1e21", "\"p-1e\\u002B21\"")] // "p-1e+21", with the evaluator's JSON escaping of +
    [InlineData("1e-7", "\"p-1e-7\"")]
    [InlineData("true", "\"p-true\"")]
    [InlineData("false", "\"p-false\"")]
    [InlineData("""{"o":1}""", "\"p-[object Object]\"")]
    [InlineData("[1,2]", "\"p-1,2\"")]
    [InlineData("[]", "\"p-\"")]
    [InlineData("[null]", "\"p-\"")]
    [InlineData("[[1,[2]]]", "\"p-1,2\"")]
    [InlineData("\"\"", "\"p-\"")]
    public void Cat_OfAnAttribute_WritesItAsFlagdCoreDoes(string? x, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate("""{"cat":["p-",{"var":"x"}]}""", x is null ? "{}" : $$"""{"x":{{x}}}"""));

    [Fact]
    public void Cat_OfAConstantNull_AddsNothing() =>
        Assert.Equal("\"I love 3.5 pies\"", JsonLogicEvaluator.Evaluate("""{"cat":["I love ",3.5," pies",null]}"""));

    [Theory]
    [InlineData("{}", "\"d\"")]
    [InlineData("""{"x":null}""", "\"d\"")]
    [InlineData("""{"x":false}""", "false")]
    [InlineData("""{"x":0}""", "0")]
    public void Var_WithADefault_ServesItForMissingAndNull(string context, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate("""{"var":["x","d"]}""", context));

    [Theory]
    [InlineData(null, "a")]
    [InlineData("null", "a")]
    [InlineData("5", "b")]
    [InlineData("1.5", "a")]
    [InlineData("-0", "b")]
    [InlineData("1e21", "b")]
    [InlineData("true", "a")]
    [InlineData("false", "b")]
    [InlineData("""{"o":1}""", "b")]
    [InlineData("[1,2]", "b")]
    [InlineData("[]", "a")]
    [InlineData("\"s\"", "a")]
    public void Fractional_OverCat_ChoosesFlagdCoresVariant(string? x, string variant)
    {
        var ruleset = FlagdCompiler.Compile(Encoding.UTF8.GetBytes(Flags), FlagdCompileOptions.Default).Ruleset!;

        var result = ruleset.Evaluate("cat", Context(x));

        Assert.Equal(variant, result.VariationKey);
    }

    [Theory]
    [InlineData(null, "a")]
    [InlineData("null", "a")]
    [InlineData("\"s\"", "b")]
    [InlineData("\"\"", "b")]
    public void Import_OfFractionalOverCat_ServesFlagdCoresVariant_WhenTheAttributeIsMissingOrNull(string? x, string variant)
    {
        var import = FlagdImporter.Translate(Encoding.UTF8.GetBytes(ImportFlags));
        Assert.True(import.IsComplete, string.Join("; ", import.Errors));
        var ruleset = RulesetCompiler.Compile(new RulesetDefinition("e", 1, import.Flags, [])).Ruleset!;

        Assert.Equal(variant, ruleset.Evaluate("cat", Context(x)).VariationKey);
    }

    private static EvaluationContext Context(string? x)
    {
        using var document = JsonDocument.Parse(x is null ? """{"targetingKey":"u"}""" : $$"""{"targetingKey":"u","x":{{x}}}""");
        return EvaluationContext.FromJson(document.RootElement);
    }
}
