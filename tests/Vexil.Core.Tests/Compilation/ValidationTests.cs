using System.Text;
using Vexil.Core.Compilation;

namespace Vexil.Core.Tests.Compilation;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"enabled":true,"fallthrough":{"variation":"on"},"colour":"red"}]}""", "flags[0].colour: unknown field")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"enabled":"yes","fallthrough":{"variation":"on"}}]}""", "flags[0].enabled: expected true or false, found a string")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"bool","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on"}}]}""", "flags[0].type: unknown type 'bool': use boolean, string, number or object")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","key":"g","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on"}}]}""", "flags[0].key: duplicate field")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"bad key!","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on"}}]}""", "flags[0].key: 'bad key!' is not a valid key: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}]}]}""", "flags[0].fallthrough: is required")]
    [InlineData("""{"formatVersion":2,"version":1}""", "formatVersion: this reader understands format version 1, not 2")]
    [InlineData("""{"formatVersion":1}""", "version: is required")]
    [InlineData("""{"formatVersion":1,"version":-1}""", "version: must be between 0 and 9223372036854775807, found -1")]
    [InlineData("""[]""", "expected an object, found an array")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on","rollout":{"weights":[]}}}]}""", "flags[0].fallthrough: must have exactly one of 'variation' or 'rollout'")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"\ud800","type":"boolean","variations":[{"key":"on","value":true}],"fallthrough":{"variation":"on"}}]}""", "flags[0].key: is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"string","variations":[{"key":"on","value":"\udc00"}],"fallthrough":{"variation":"on"}}]}""", "flags[0].variations[0].value: is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"object","variations":[{"key":"on","value":{"size":1e999}}],"fallthrough":{"variation":"on"}}]}""", "flags[0].variations[0].value.size: is a number out of range: it must fit a double-precision number (at most about 1.8e308)")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"object","variations":[{"key":"on","value":[1,[-2e400]]}],"fallthrough":{"variation":"on"}}]}""", "flags[0].variations[0].value[1][0]: is a number out of range: it must fit a double-precision number (at most about 1.8e308)")]
    [InlineData("""{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"boolean","variations":[{"key":"on","value":true}],"rules":[{"id":"r","clauses":[{"attribute":"n","operator":"in","values":[1e999]}],"serve":{"variation":"on"}}],"fallthrough":{"variation":"on"}}]}""", "flags[0].rules[0].clauses[0].values[0]: is a number out of range: it must fit a double-precision number (at most about 1.8e308)")]
    public void Read_StructuralError_IsReportedWithItsPath(string json, string expected)
    {
        var result = RulesetCompiler.Load(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsValid);
        Assert.Contains(expected, Rulesets.ErrorStrings(result));
    }

    [Theory]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"gte2","values":[1]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].operator: unknown operator 'gte2'")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"gte","values":["x"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]: expected a finite number, found a string")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"semVerGt","values":["1.2"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]: '1.2' is not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build])")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"ipInCidr","values":["10.0.0.0/33"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]: '10.0.0.0/33' is not a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"before","values":["yesterday"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]: expected a date: an RFC 3339 string such as '2025-01-31T12:00:00Z' or Unix milliseconds")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"in","values":[]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values: must hold at least one value")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a..b","operator":"in","values":["x"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].attribute: 'a..b' is not an attribute path: use names separated by dots, such as 'org.plan'")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"operator":"segmentMatch","values":["nope"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]: unknown segment 'nope'")]
    [InlineData(""" "rules":[{"id":"r","clauses":[],"serve":{"variation":"maybe"}}]""", "flags[0].rules[0].serve.variation: unknown variation 'maybe'")]
    [InlineData(""" "rules":[{"id":"r","clauses":[],"serve":{"variation":"on"}},{"id":"r","clauses":[],"serve":{"variation":"on"}}]""", "flags[0].rules[1].id: duplicate rule id 'r'")]
    [InlineData(""" "targets":[{"variation":"on","values":["a"]},{"variation":"off","values":["a"]}]""", "flags[0].targets[1].values[0]: the key 'a' is targeted more than once")]
    [InlineData(""" "rules":[{"id":"r","clauses":[],"serve":{"rollout":{"weights":[{"variation":"on","weight":60000},{"variation":"off","weight":30000}]}}}]""", "flags[0].rules[0].serve.rollout.weights: weights must sum to 100000 (100%), found 90000")]
    [InlineData(""" "rules":[{"id":"r","clauses":[],"serve":{"rollout":{"algorithm":"md5","weights":[{"variation":"on","weight":100000}]}}}]""", "flags[0].rules[0].serve.rollout.algorithm: unknown bucketing algorithm 'md5': use vexil-v1")]
    [InlineData(""" "prerequisites":[{"flag":"ghost","variation":"on"}]""", "flags[0].prerequisites[0].flag: unknown flag 'ghost'")]
    [InlineData(""" "prerequisites":[{"flag":"f","variation":"on"}]""", "flags[0].prerequisites[0].flag: a flag cannot be its own prerequisite")]
    [InlineData(""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"matches","values":["(a)\\1"]}],"serve":{"variation":"on"}}]""", "flags[0].rules[0].clauses[0].values[0]")]
    public void Compile_SemanticError_IsReportedWithItsPath(string members, string expected)
    {
        var result = Rulesets.Load("[" + Rulesets.BoolFlag("f", members) + "]");

        Assert.False(result.IsValid);
        Assert.Contains(Rulesets.ErrorStrings(result), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_VariationOfTheWrongType_IsReported()
    {
        var json = """[{"key":"f","type":"number","variations":[{"key":"a","value":1},{"key":"b","value":"2"},{"key":"a","value":3}],"enabled":true,"fallthrough":{"variation":"a"}}]""";

        var errors = Rulesets.ErrorStrings(Rulesets.Load(json));

        Assert.Contains("flags[0].variations[1].value: expected a value of the flag's type (number), found a string", errors);
        Assert.Contains("flags[0].variations[2].key: duplicate variation key 'a'", errors);
    }

    [Fact]
    public void Compile_MissingVariations_IsReported()
    {
        var json = """[{"key":"f","type":"string","variations":[],"enabled":true,"fallthrough":{"variation":"a"}}]""";

        var errors = Rulesets.ErrorStrings(Rulesets.Load(json));

        Assert.Contains("flags[0].variations: a flag needs at least one variation", errors);
    }

    [Fact]
    public void Compile_DuplicateFlagAndSegmentKeys_AreReported()
    {
        var segments = """[{"key":"s"},{"key":"s"}]""";
        var errors = Rulesets.ErrorStrings(Rulesets.Load("[" + Rulesets.BoolFlag("f") + "," + Rulesets.BoolFlag("f") + "]", segments));

        Assert.Contains("flags[1].key: duplicate flag key 'f' (first at flags[0])", errors);
        Assert.Contains("segments[1].key: duplicate segment key 's'", errors);
    }

    [Fact]
    public void Compile_PrerequisiteCycle_IsRejected()
    {
        var a = Rulesets.BoolFlag("a", """ "prerequisites":[{"flag":"b","variation":"on"}]""");
        var b = Rulesets.BoolFlag("b", """ "prerequisites":[{"flag":"c","variation":"on"}]""");
        var c = Rulesets.BoolFlag("c", """ "prerequisites":[{"flag":"a","variation":"on"}]""");

        var errors = Rulesets.ErrorStrings(Rulesets.Load($"[{a},{b},{c}]"));

        var cycle = Assert.Single(errors);
        Assert.Equal("flags[2].prerequisites[0].flag: prerequisite cycle: a -> b -> c -> a", cycle);
    }

    [Fact]
    public void Compile_SegmentRuleUsingSegmentMatch_IsRejected()
    {
        var segments = """[{"key":"s","rules":[{"id":"r","clauses":[{"operator":"segmentMatch","values":["s"]}]}]}]""";

        var errors = Rulesets.ErrorStrings(Rulesets.Load("[]", segments));

        Assert.Contains("segments[0].rules[0].clauses[0].operator: segment rules cannot use segmentMatch", errors);
    }

    [Fact]
    public void Read_ManyErrors_AreAllReportedAtOnce()
    {
        var json = """
            {"formatVersion":1,"version":1,"extra":1,"flags":[
              {"key":"a","type":"boolean","variations":[{"key":"on","value":true}],"enabled":1,"fallthrough":{"variation":"on"}},
              {"key":"b","type":"colour","variations":[{"key":"on"}],"fallthrough":{"variation":"on"}}]}
            """;

        var errors = Rulesets.ErrorStrings(RulesetCompiler.Load(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(
            ["flags[0].enabled: expected true or false, found a number", "flags[1].type: unknown type 'colour': use boolean, string, number or object", "flags[1].variations[0].value: is required", "extra: unknown field"],
            errors);
    }

    [Theory]
    [InlineData("{", "malformed JSON at line 1")]
    [InlineData("""{"formatVersion":1,"version":1} trailing""", "")]
    public void Read_MalformedJson_IsOneClearError(string json, string prefix)
    {
        var result = RulesetCompiler.Load(Encoding.UTF8.GetBytes(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal(string.Empty, error.Path);
        Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooDeep_IsRejected()
    {
        var json = """{"formatVersion":1,"version":1,"flags":[{"key":"f","type":"object","variations":[{"key":"v","value":""" + new string('[', 70) + new string(']', 70) + """}],"fallthrough":{"variation":"v"}}]}""";

        var result = RulesetCompiler.Load(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsValid);
        Assert.Contains("malformed JSON", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OversizedClause_IsRejectedWithTheLimit()
    {
        var values = "[" + string.Join(",", Enumerable.Range(0, 10_001).Select(i => "\"v" + i + "\"")) + "]";
        var members = $$$""" "rules":[{"id":"r","clauses":[{"attribute":"a","operator":"in","values":{{{values}}}}],"serve":{"variation":"on"}}]""";

        var errors = Rulesets.ErrorStrings(Rulesets.Load("[" + Rulesets.BoolFlag("f", members) + "]"));

        Assert.Contains("flags[0].rules[0].clauses[0].values: holds 10001 values; at most 10000 are allowed", errors);
    }

    [Fact]
    public void Read_ObjectWithTooManyFields_IsRejectedWithoutScanningThem()
    {
        var members = string.Join(",", Enumerable.Range(0, 70).Select(i => $"\"x{i}\":1"));

        var errors = Rulesets.ErrorStrings(Rulesets.Load("[" + Rulesets.BoolFlag("f", members) + "]"));

        Assert.Equal(["flags[0]: has 77 fields; no object of this format has more than 64"], errors);
    }

    [Fact]
    public void Read_OversizedString_IsRejectedWithTheLimit()
    {
        var members = "\"description\":\"" + new string('x', 10_001) + "\"";

        var errors = Rulesets.ErrorStrings(Rulesets.Load("[" + Rulesets.BoolFlag("f", members) + "]"));

        Assert.Contains("flags[0].description: is 10001 characters long; at most 10000 are allowed", errors);
    }
}
