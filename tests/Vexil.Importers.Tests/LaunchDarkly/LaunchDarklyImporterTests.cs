using System.Text;
using Vexil.Importers.LaunchDarkly;

namespace Vexil.Importers.Tests.LaunchDarkly;

/// <summary>What the LaunchDarkly importer translates, and what it refuses, with the path in the source document.</summary>
public sealed class LaunchDarklyImporterTests
{
    private static ImportResult Translate(string json) => LaunchDarklyImporter.Translate(Encoding.UTF8.GetBytes(json));

    private static string Flag(string key, string members) =>
        "{\"key\":\"" + key + "\",\"on\":true,\"salt\":\"pepper\",\"variations\":[true,false],\"offVariation\":1,\"fallthrough\":{\"variation\":0}" + members + "}";

    private static string Document(string flags, string segments = "{}") => "{\"flags\":{" + flags + "},\"segments\":" + segments + "}";

    [Fact]
    public void Translate_Flag_KeepsSaltKindsAndVariationIndexes()
    {
        var result = Translate(Document("\"f\":" + Flag("f", "")));

        var flag = Assert.Single(result.Flags);
        Assert.True(result.IsComplete);
        Assert.Equal("f.pepper", flag.Salt);
        Assert.True(flag.ContextKinds);
        Assert.Equal(["0", "1"], flag.Variations.Select(v => v.Key));
        Assert.Equal("1", flag.OffVariation);
    }

    [Fact]
    public void Translate_Rollout_GivesTheLastEntryTheRemainder_AndSeedsReplaceTheSalt()
    {
        var result = Translate(Document("\"f\":" + Flag("f", """
            ,"rules":[
            {"id":"a","clauses":[],"rollout":{"variations":[{"variation":0,"weight":60000},{"variation":1,"weight":30000}],"seed":0}},
            {"id":"b","clauses":[],"rollout":{"kind":"experiment","bucketBy":"email","seed":42,"variations":[{"variation":1,"weight":100000}]}},
            {"id":"c","clauses":[],"rollout":{"bucketBy":"/odd","variations":[{"variation":1,"weight":100000}]}}]
            """)));

        var rules = Assert.Single(result.Flags).Rules;
        Assert.Equal([60000, 40000], rules[0].Serve.Rollout!.Weights.Select(w => w.Weight));
        Assert.Null(rules[0].Serve.Rollout!.Salt);
        Assert.Equal("42", rules[1].Serve.Rollout!.Salt);
        Assert.Equal("key", rules[1].Serve.Rollout!.BucketBy);
        Assert.Equal("/~1odd", rules[2].Serve.Rollout!.BucketBy);
        Assert.Equal("user", rules[2].Serve.Rollout!.ContextKind);
    }

    [Theory]
    [InlineData(""","rules":[{"id":"r","clauses":[{"attribute":"a","op":"greaterThanPi","values":[1]}],"variation":0}]""", "flags.f.rules[0].clauses[0].op")]
    [InlineData(""","rules":[{"id":"r","clauses":[{"attribute":"a","op":"matches","values":["\\bword"]}],"variation":0}]""", "flags.f.rules[0].clauses[0].values[0]")]
    [InlineData(""","rules":[{"id":"r","clauses":[{"op":"in","values":["x"]}],"variation":0}]""", "flags.f.rules[0].clauses[0].attribute")]
    [InlineData(""","rules":[{"id":"r","clauses":[],"variation":7}]""", "flags.f.rules[0].variation")]
    [InlineData(""","prerequisites":[{"key":"gone","variation":0}]""", "flags.f.prerequisites[0].key")]
    [InlineData(""","rules":[{"id":"r","clauses":[],"rollout":{"variations":[{"variation":0,"weight":70000},{"variation":0,"weight":30000}]}}]""", "flags.f.rules[0].rollout.variations[1].variation")]
    public void Translate_Untranslatable_IsRefusedWithItsPath(string members, string path)
    {
        var result = Translate(Document("\"f\":" + Flag("f", members)));

        Assert.Empty(result.Flags);
        Assert.Equal(["f"], result.RefusedFlags);
        Assert.Contains(result.Errors, e => e.Path == path);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Translate_SegmentMatchOnSegmentsNotInTheDocument_IsTheConstantLaunchDarklyAnswers(bool negate, bool matches)
    {
        var flag = Flag("f", ""","rules":[{"id":"r","clauses":[{"attribute":"key","op":"segmentMatch","negate":NEGATE,"values":["gone"]}],"variation":1}]""".Replace("NEGATE", negate ? "true" : "false", StringComparison.Ordinal));
        var result = Translate(Document("\"f\":" + flag));

        var ruleset = Vexil.Core.Compilation.RulesetCompiler.Compile(new Vexil.Core.Model.RulesetDefinition("e", 1, result.Flags, result.Segments)).Ruleset!;
        var detail = ruleset.Evaluate("f", Vexil.Core.Context.EvaluationContext.CreateBuilder("u").Build());
        Assert.Equal(matches ? "1" : "0", detail.VariationKey);
    }

    [Fact]
    public void Translate_MixedVariationTypes_AreRefused()
    {
        var result = Translate("""{"flags":{"f":{"key":"f","on":true,"variations":[true,"yes"],"fallthrough":{"variation":0}}}}""");

        Assert.Contains(result.Errors, e => e.Path == "flags.f.variations[1]");
    }

    [Fact]
    public void Translate_BigSegment_RefusesItAndTheFlagsThatUseIt_AndDeletedItemsAreIgnored()
    {
        var uses = Flag("uses", ""","rules":[{"id":"r","clauses":[{"attribute":"key","op":"segmentMatch","values":["big"]}],"variation":0}]""");
        var result = Translate(Document("\"uses\":" + uses + ",\"plain\":" + Flag("plain", "") + ",\"old\":{\"key\":\"old\",\"deleted\":true}", """{"big":{"key":"big","unbounded":true}}"""));

        Assert.Equal(["plain"], result.Flags.Select(f => f.Key));
        Assert.Equal(["uses"], result.RefusedFlags);
        Assert.Contains(result.Errors, e => e.Path == "segments.big.unbounded");
        Assert.Contains(result.Errors, e => e.Path == "flags.uses" && e.Message.Contains("'big'", StringComparison.Ordinal));
    }

    [Fact]
    public void Translate_Segment_KeepsKindsAndWeightsWithItsSalt()
    {
        var flag = Flag("f", ""","rules":[{"id":"r","clauses":[{"attribute":"key","op":"segmentMatch","values":["s"]}],"variation":0}]""");
        var result = Translate(Document("\"f\":" + flag, """
            {"s":{"key":"s","salt":"na","included":["u1"],"includedContexts":[{"contextKind":"org","values":["o1"]}],"excluded":["u2"],
              "rules":[{"id":"w","clauses":[],"weight":25000,"bucketBy":"email","rolloutContextKind":"org"},{"id":"all","clauses":[],"weight":200000}]}}
            """));

        var segment = Assert.Single(result.Segments);
        Assert.Equal("s.na", segment.Salt);
        Assert.Equal([("org", "o1"), ("user", "u1")], segment.IncludedContexts.Select(t => (t.ContextKind!, t.Values[0])));
        Assert.Equal("user", Assert.Single(segment.ExcludedContexts).ContextKind);
        Assert.Equal(25000, segment.Rules[0].Percentage!.Weight);
        Assert.Equal("org", segment.Rules[0].Percentage!.ContextKind);
        Assert.Null(segment.Rules[1].Percentage); // above 100,000 everyone is in
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"features":[]}""")]
    public void Translate_NotLaunchDarklyData_IsRefusedWhole(string json)
    {
        var result = Translate(json);

        Assert.Empty(result.Flags);
        Assert.Equal(string.Empty, Assert.Single(result.Errors).Path);
    }

    [Theory]
    [InlineData("""{"flags":{"f\ud800":{"key":"f","on":true,"variations":[true],"fallthrough":{"variation":0}}}}""", "flags")]
    [InlineData("""{"flags":{"f":{"key":"f","on":true,"variations":["\udc00"],"fallthrough":{"variation":0}}}}""", "flags.f.variations[0]")]
    [InlineData("""{"flags":{"f":{"key":"f","on":true,"variations":[true,false],"fallthrough":{"rollout":{"variations":[{"variation":0,"weight":1e999}]}}}}}""", "flags.f.fallthrough.rollout.variations[0].weight")]
    [InlineData("""{"flags":{"f":{"key":"f","on":true,"variations":[true],"fallthrough":{"variation":0},"rules":[{"id":"r","clauses":[{"attribute":"age","op":"lessThan","values":[-1e400]}],"variation":0}]}}}""", "flags.f.rules[0].clauses[0].values[0]")]
    public void Translate_TextThatIsNotUnicode_OrANumberOutOfRange_IsRefusedWithItsPath_NeverThrown(string document, string path)
    {
        var result = Translate(document);

        Assert.Empty(result.Flags);
        Assert.Equal(path, Assert.Single(result.Errors).Path);
    }

    /// <summary>Fuzzing's finding (seed 8c1pUYR4jHp2): a flag key twice in the document threw ArgumentException (a 500 over HTTP).</summary>
    [Fact]
    public void Translate_AFlagKeyTwiceInFlags_RefusesTheDocument()
    {
        var result = Translate(Document("\"f\":" + Flag("f", "") + ",\"f\":" + Flag("f", "")));

        Assert.Empty(result.Flags);
        Assert.Contains("not JSON", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AFlagInFlagsAndInFlagValues_RefusesBoth()
    {
        var result = Translate("{\"flags\":{\"f\":" + Flag("f", "") + ",\"g\":" + Flag("g", "") + "},\"flagValues\":{\"f\":true}}");

        Assert.Equal(["g"], result.Flags.Select(f => f.Key));
        Assert.Contains(result.Errors, e => e.Path == "flagValues.f");
        Assert.Contains(result.Errors, e => e.Path == "flags.f");
    }
}
