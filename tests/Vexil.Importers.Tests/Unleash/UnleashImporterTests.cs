using System.Text;
using Vexil.Importers.Unleash;

namespace Vexil.Importers.Tests.Unleash;

/// <summary>What the Unleash importer translates, and what it refuses, with the path in the source document.</summary>
public sealed class UnleashImporterTests
{
    private static ImportResult Translate(string features, string segments = "[]") =>
        UnleashImporter.Translate(Encoding.UTF8.GetBytes("{\"version\":2,\"features\":[" + features + "],\"segments\":" + segments + "}"));

    [Theory]
    [InlineData("\"33.7\"", 33000)]
    [InlineData("\"0\"", 0)]
    [InlineData("\"abc\"", 0)]
    [InlineData("75", 75000)]
    [InlineData("\"250\"", 100000)]
    public void FlexibleRollout_Percentage_IsUnleashsComparison(string rollout, int weight)
    {
        var result = Translate("""{"name":"f","enabled":true,"strategies":[{"name":"flexibleRollout","parameters":{"rollout":""" + rollout + ""","stickiness":"userId","groupId":"g"}}]}""");

        var percentage = Assert.Single(Assert.Single(result.Flags).Rules).Percentage!;
        Assert.Equal(weight, percentage.Weight);
        Assert.Equal("g", percentage.Salt);
        Assert.Equal("userId", percentage.Stickiness);
    }

    [Fact]
    public void Variants_BecomeVariationsWithPayloadMetadata_AndDependenciesPrerequisites()
    {
        var result = Translate("""
            {"name":"parent","enabled":true,"strategies":[],"variants":[{"name":"blue","weight":1000,"payload":{"type":"string","value":"b"}}]},
            {"name":"off-child","enabled":true,"strategies":[],"dependencies":[{"feature":"parent","enabled":false}]},
            {"name":"variant-child","enabled":true,"strategies":[],"dependencies":[{"feature":"parent","variants":["blue","disabled","missing"]}]},
            {"name":"on-child","enabled":true,"strategies":[],"dependencies":[{"feature":"parent"}]}
            """);

        Assert.True(result.IsComplete, string.Join("; ", result.Errors));
        var parent = result.Flags[0];
        Assert.Equal(["disabled", "enabled", "blue"], parent.Variations.Select(v => v.Key));
        Assert.Equal("b", parent.Variations[2].Metadata!["payload"].GetString());
        Assert.Equal("string", parent.Variations[2].Metadata!["payloadType"].GetString());
        Assert.Equal(["disabled"], result.Flags[1].Prerequisites[0].AnyOf);
        Assert.Equal(["blue", "enabled"], result.Flags[2].Prerequisites[0].AnyOf);
        Assert.Equal(["enabled", "blue"], result.Flags[3].Prerequisites[0].AnyOf);
    }

    [Fact]
    public void UserWithId_SplitsAsUnleashDoes()
    {
        var result = Translate("""{"name":"f","enabled":true,"strategies":[{"name":"userWithId","parameters":{"userIds":" a , b ,c "}}]}""");

        var clause = Assert.Single(Assert.Single(Assert.Single(result.Flags).Rules).Clauses);
        Assert.Equal([" a", "b", "c "], clause.Values.Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"myCustom"}]}""", "features[0].strategies[0].name")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"applicationHostname","parameters":{"hostNames":"a"}}]}""", "features[0].strategies[0].name")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[],"variants":[{"name":"Variant A","weight":1000}]}""", "features[0].variants[0].name")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"default","constraints":[{"contextName":"email","operator":"REGEX","value":"\\bword"}]}]}""", "features[0].strategies[0].constraints[0].value")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"default","constraints":[{"contextName":"currentTime","operator":"DATE_AFTER","value":"Jan 1 2024"}]}]}""", "features[0].strategies[0].constraints[0].value")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"flexibleRollout","parameters":{"rollout":"50","stickiness":"random"}}],"variants":[{"name":"a","weight":1000,"overrides":[{"contextName":"plan","values":["x"]}]}]}""", "features[0].strategies[0]")]
    public void Untranslatable_IsRefusedWithItsPath(string feature, string path)
    {
        var result = Translate(feature);

        Assert.Equal(["f"], result.RefusedFlags);
        Assert.Contains(result.Errors, e => e.Path == path);
    }

    [Fact]
    public void WhatUnleashNeverApplies_IsTranslatedExactly()
    {
        var result = Translate("""
            {"name":"f","enabled":true,"strategies":[
              {"name":"default","constraints":[{"contextName":"plan","operator":"STR_LIKE","values":["x"]}]},
              {"name":"default","segments":[9]},
              {"name":"default","constraints":[{"contextName":"plan","operator":"REGEX","value":"(unbalanced"}]}],
             "variants":[{"name":"a","weight":1},{"name":"b","weight":1},{"name":"c","weight":1}],
             "dependencies":[{"feature":"nowhere"}]}
            """);

        var flag = Assert.Single(result.Flags);
        Assert.True(result.IsComplete, string.Join("; ", result.Errors));
        Assert.Equal(["dependency-never-met", "strategy-3"], flag.Rules.Select(r => r.Id));
        Assert.Equal([33333, 33333, 33334], flag.Rules[1].Serve.Rollout!.Weights.Select(w => w.Weight));
        Assert.Equal(3, flag.Rules[1].Serve.Rollout!.BucketCount);
    }

    [Fact]
    public void Segments_AreInlined()
    {
        var result = Translate("""{"name":"f","enabled":true,"strategies":[{"name":"default","constraints":[{"contextName":"a","operator":"IN","values":["1"]}],"segments":[7]}]}""",
            """[{"id":7,"name":"s","constraints":[{"contextName":"b","operator":"IN","values":[" 2 ",""]}]}]""");

        var clauses = Assert.Single(Assert.Single(result.Flags).Rules).Clauses;
        Assert.Equal(["a", "b"], clauses.Select(c => c.Attribute));
        Assert.Equal(["2"], clauses[1].Values.Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("""{"name":"f\ud800","enabled":true,"strategies":[]}""", "features[0].name")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"default","constraints":[{"contextName":"age","operator":"NUM_GT","value":"1","values":[]}],"parameters":{"x\udfff":"1"}}]}""", "features[0].strategies[0].parameters")]
    [InlineData("""{"name":"f","enabled":true,"strategies":[{"name":"default","segments":[1e999]}]}""", "features[0].strategies[0].segments[0]")]
    public void Translate_TextThatIsNotUnicode_OrANumberOutOfRange_IsRefusedWithItsPath_NeverThrown(string feature, string path)
    {
        var result = Translate(feature);

        Assert.Empty(result.Flags);
        Assert.Equal(path, Assert.Single(result.Errors).Path);
    }
}
