using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Core.Tests.Compilation;

public sealed class ClauseOperatorTests
{
    public static TheoryData<string, string, string, bool> Cases => new()
    {
        // operator, values, attribute value (JSON), expected
        { "in", """["a","b"]""", "\"b\"", true },
        { "in", """["a","b"]""", "\"c\"", false },
        { "in", """[1,2]""", "2", true },
        { "in", """["1"]""", "1", false },
        { "in", """[true]""", "true", true },
        { "in", """[true]""", "false", false },
        { "notIn", """["a"]""", "\"b\"", true },
        { "notIn", """["a"]""", "\"a\"", false },
        { "startsWith", """["ab"]""", "\"abc\"", true },
        { "startsWith", """["AB"]""", "\"abc\"", false },
        { "startsWithIgnoreCase", """["AB"]""", "\"abc\"", true },
        { "endsWith", """["@example.com"]""", "\"x@example.com\"", true },
        { "endsWithIgnoreCase", """["@EXAMPLE.com"]""", "\"x@example.COM\"", true },
        { "contains", """["mid"]""", "\"amidst\"", true },
        { "containsIgnoreCase", """["MID"]""", "\"amidst\"", true },
        { "contains", """["mid"]""", "5", false },
        { "matches", """["^[a-z]+-\\d+$"]""", "\"user-42\"", true },
        { "matches", """["^[a-z]+-\\d+$"]""", "\"User-42\"", false },
        { "lt", """[10]""", "9.5", true },
        { "lt", """[10]""", "10", false },
        { "lte", """[10]""", "10", true },
        { "gt", """[10]""", "11", true },
        { "gte", """[10]""", "10", true },
        { "gt", """[10]""", "\"11\"", false },
        { "semVerEq", """["1.2.3"]""", "\"v1.2.3\"", true },
        { "semVerLt", """["1.0.0"]""", "\"1.0.0-rc.1\"", true },
        { "semVerLte", """["1.0.0"]""", "\"1.0.0+build.5\"", true },
        { "semVerGt", """["1.0.0-beta.2"]""", "\"1.0.0-beta.11\"", true },
        { "semVerGte", """["2.0.0"]""", "\"1.99.99\"", false },
        { "semVerGt", """["1.0.0"]""", "\"not-a-version\"", false },
        { "before", """["2025-01-01T00:00:00Z"]""", "\"2024-12-31T23:59:59Z\"", true },
        { "before", """["2025-01-01T00:00:00Z"]""", "1735689600000", false },
        { "after", """[1735689600000]""", "\"2025-01-01T00:00:00.001Z\"", true },
        { "after", """["2025-01-01T02:00:00+02:00"]""", "\"2025-01-01T00:00:01Z\"", true },
        { "ipInCidr", """["10.0.0.0/8"]""", "\"10.1.2.3\"", true },
        { "ipInCidr", """["10.0.0.0/8"]""", "\"11.1.2.3\"", false },
        { "ipInCidr", """["2001:db8::/32"]""", "\"2001:db8:1::5\"", true },
        { "ipInCidr", """["192.168.0.0/16"]""", "\"::ffff:192.168.1.1\"", true },
        // A list attribute matches when any element matches.
        { "in", """["admin"]""", """["reader","admin"]""", true },
        { "startsWith", """["x"]""", """["abc","def"]""", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clause_Operator_MatchesAsDocumented(string op, string values, string attributeJson, bool expected)
    {
        var ruleset = Compile(op, values, negate: false);
        var context = Context(attributeJson);

        Assert.Equal(expected ? "on" : "off", ruleset.Evaluate("f", context).VariationKey);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clause_Negated_InvertsPresentAttributes(string op, string values, string attributeJson, bool expected)
    {
        var ruleset = Compile(op, values, negate: true);

        Assert.Equal(expected ? "off" : "on", ruleset.Evaluate("f", Context(attributeJson)).VariationKey);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Clause_MissingOrNullAttribute_NeverMatches(bool negate)
    {
        var ruleset = Compile("notIn", """["a"]""", negate);

        Assert.Equal("off", ruleset.Evaluate("f", EvaluationContext.CreateBuilder("k").Build()).VariationKey);
        Assert.Equal("off", ruleset.Evaluate("f", Context("null")).VariationKey);
    }

    [Fact]
    public void Clause_NestedPath_ReadsIntoObjects()
    {
        var flag = Rulesets.BoolFlag("f", """ "rules":[{"id":"r","clauses":[{"attribute":"org.plan","operator":"in","values":["enterprise"]}],"serve":{"variation":"on"}}]""");
        var ruleset = Rulesets.Compile("[" + flag + "]");
        var context = EvaluationContext.FromJson(JsonDocument.Parse("""{"targetingKey":"u","org":{"plan":"enterprise"}}""").RootElement);

        Assert.Equal("on", ruleset.Evaluate("f", context).VariationKey);
    }

    [Fact]
    public void Clause_TargetingKeyAttribute_ReadsTheKey()
    {
        var flag = Rulesets.BoolFlag("f", """ "rules":[{"id":"r","clauses":[{"attribute":"targetingKey","operator":"startsWith","values":["svc-"]}],"serve":{"variation":"on"}}]""");
        var ruleset = Rulesets.Compile("[" + flag + "]");

        Assert.Equal("on", ruleset.Evaluate("f", EvaluationContext.CreateBuilder("svc-a").Build()).VariationKey);
        Assert.Equal("off", ruleset.Evaluate("f", EvaluationContext.CreateBuilder("user-a").Build()).VariationKey);
    }

    [Fact]
    public void Clause_SegmentMatch_UsesIncludedExcludedAndRules()
    {
        var segments = """
            [{"key":"beta","included":["inc"],"excluded":["exc","both"],
              "rules":[{"id":"staff","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]}]}]}]
            """;
        var flag = Rulesets.BoolFlag("f", """ "rules":[{"id":"r","clauses":[{"operator":"segmentMatch","values":["beta"]}],"serve":{"variation":"on"}}]""");
        var ruleset = Rulesets.Compile("[" + flag + "]", segments);

        string Eval(string key, string email) => ruleset.Evaluate("f", EvaluationContext.CreateBuilder(key).Set("email", email).Build()).VariationKey!;

        Assert.Equal("on", Eval("inc", "x@other.org"));
        Assert.Equal("off", Eval("exc", "x@example.com"));
        Assert.Equal("on", Eval("staff", "s@example.com"));
        Assert.Equal("off", Eval("nobody", "n@other.org"));
    }

    private static Vexil.Core.Evaluation.CompiledRuleset Compile(string op, string values, bool negate)
    {
        var clause = $$"""{"attribute":"attr","operator":"{{op}}","values":{{values}},"negate":{{(negate ? "true" : "false")}}}""";
        var flag = Rulesets.BoolFlag("f", $$$""" "rules":[{"id":"r","clauses":[{{{clause}}}],"serve":{"variation":"on"}}]""");
        return Rulesets.Compile("[" + flag + "]");
    }

    private static EvaluationContext Context(string attributeJson) =>
        EvaluationContext.FromJson(JsonDocument.Parse($$"""{"targetingKey":"k","attr":{{attributeJson}}}""").RootElement);
}
