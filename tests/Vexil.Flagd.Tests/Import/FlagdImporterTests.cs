using System.Text;
using Vexil.Flagd.Import;

namespace Vexil.Flagd.Tests.Import;

/// <summary>What the translation produces, and what it refuses with which path.</summary>
public sealed class FlagdImporterTests
{
    private static FlagdImportResult Translate(string flags, string evaluators = "{}") =>
        FlagdImporter.Translate(Encoding.UTF8.GetBytes("{\"$evaluators\": " + evaluators + ", \"flags\": {" + flags + "}}"));

    [Fact]
    public void IfChain_BecomesOrderedRules_WithFallthroughDefault()
    {
        var result = Translate("""
            "f": {"state": "ENABLED", "defaultVariant": "c", "variants": {"a": 1, "b": 2, "c": 3},
                  "metadata": {"description": "imported", "tags": "x, y"},
                  "targeting": {"if": [{"and": [{"in": [{"var": "plan"}, ["pro", "team"]]}, {"ends_with": [{"var": "email"}, "@x.io"]}]}, "a",
                                       {"or": [{"starts_with": [{"var": "id"}, "1"]}, {"sem_ver": [{"var": "v"}, ">=", "2.0.0"]}]}, "b"]}}
            """);

        Assert.True(result.IsComplete, string.Join("; ", result.Errors));
        var flag = Assert.Single(result.Flags);
        Assert.Equal(Core.Evaluation.FlagValueType.Number, flag.Type);
        Assert.Equal("imported", flag.Description);
        Assert.Equal(["x", "y"], flag.Tags);
        Assert.Equal(3, flag.Rules.Count);
        Assert.Equal(["in", "endsWith"], flag.Rules[0].Clauses.Select(c => c.Operator));
        Assert.Equal("startsWith", flag.Rules[1].Clauses.Single().Operator);
        Assert.Equal("semVerGte", flag.Rules[2].Clauses.Single().Operator);
        Assert.Equal("b", flag.Rules[2].Serve.Variation);
        Assert.Equal("c", flag.Fallthrough.Variation);
        Assert.True(flag.Enabled);
    }

    [Fact]
    public void NotEqualAsWholeCondition_SwapsTheBranches()
    {
        var result = Translate("""
            "f": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": true, "off": false},
                  "targeting": {"if": [{"!=": [{"var": "country"}, "FR"]}, "on", "off"]}}
            """);

        var flag = Assert.Single(result.Flags);
        Assert.Equal("off", flag.Rules[0].Serve.Variation);
        Assert.False(flag.Rules[0].Clauses.Single().Negate);
        Assert.Equal("on", flag.Rules[1].Serve.Variation);
        Assert.Empty(flag.Rules[1].Clauses);
    }

    [Fact]
    public void Fractional_BecomesAFlagdRollout_ScaledExactly()
    {
        var result = Translate("""
            "f": {"state": "ENABLED", "defaultVariant": "a", "variants": {"a": "A", "b": "B"},
                  "targeting": {"fractional": [["a", 1], ["b", 3]]}}
            """);

        var rollout = Assert.Single(result.Flags).Rules.Single().Serve.Rollout!;
        Assert.Equal("flagd-fractional-v2", rollout.Algorithm);
        Assert.Equal([25_000, 75_000], rollout.Weights.Select(w => w.Weight));
    }

    [Fact]
    public void DisabledFlagWithoutDefault_IsOffWithNoOffVariation()
    {
        var flag = Assert.Single(Translate("""
            "f": {"state": "DISABLED", "variants": {"a": "A", "b": "B"}}
            """).Flags);

        Assert.False(flag.Enabled);
        Assert.Null(flag.OffVariation);
        Assert.Equal("a", flag.Fallthrough.Variation);
    }

    [Theory]
    [InlineData("""{"if": [{"and": [{"!=": [{"var": "a"}, "x"]}, true]}, "on", "off"]}""", "flags.f.targeting.if[0].and[0].!=", "negation")]
    [InlineData("""{"fractional": [["on", 1], ["off", 1], ["on2", 1]]}""", "flags.f.targeting.fractional", "do not scale")]
    [InlineData("""{"if": [{">": [{"var": "$flagd.timestamp"}, 5]}, "on", "off"]}""", "flags.f.targeting.if[0].>", "attribute")]
    [InlineData("""{"if": [{"==": [{"var": "a"}, "x"]}, "missing", "off"]}""", "flags.f.targeting.if[1]", "does not have")]
    [InlineData("""{"if": [{"==": [{"var": "a"}, "x"]}, {"if": [{"==": [{"var": "b"}, "y"]}, "on"]}, "off"]}""", "flags.f.targeting.if[1]", "later branches")]
    [InlineData("""{"cat": ["o", "n"]}""", "flags.f.targeting", "'cat'")]
    [InlineData("""{"if": [{"<": [{"var": "age"}, 18]}, "on", "off"]}""", null, null)]
    public void Targeting_NotExpressible_IsRefusedWithItsPath(string targeting, string? path, string? message)
    {
        var result = Translate($$"""
            "f": {"state": "ENABLED", "defaultVariant": "off", "variants": {"on": "1", "off": "0", "on2": "2"}, "targeting": {{targeting}}}
            """);

        if (path is null)
        {
            Assert.True(result.IsComplete, string.Join("; ", result.Errors));
            return;
        }

        Assert.Equal(["f"], result.RefusedFlags);
        Assert.Empty(result.Flags);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnabledFlagWithoutDefaultVariant_IsRefused_OthersStillTranslate()
    {
        var result = Translate("""
            "bad": {"state": "ENABLED", "variants": {"a": "A"}},
            "good": {"state": "ENABLED", "defaultVariant": "a", "variants": {"a": "A"}}
            """);

        Assert.Equal(["bad"], result.RefusedFlags);
        Assert.Equal("flags.bad.defaultVariant", Assert.Single(result.Errors).Path);
        Assert.Equal("good", Assert.Single(result.Flags).Key);
    }

    [Fact]
    public void InvalidDocument_RefusesEverything()
    {
        var result = FlagdImporter.Translate("{\"flags\": 3}"u8);

        Assert.Empty(result.Flags);
        Assert.NotEmpty(result.Errors);
    }
}
