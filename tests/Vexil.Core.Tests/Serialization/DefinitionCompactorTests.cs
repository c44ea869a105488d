using System.Text;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Core.Tests.Serialization;

public sealed class DefinitionCompactorTests
{
    private const string Document = """
        {"formatVersion":1,"environment":"e","version":1,"flags":[
          {"key":"a","type":"object","variations":[{"key":"on","value":{"n":[1,"\u00e9\u0041",{"deep":true}]}},{"key":"off","value":[]}],"fallthrough":{"variation":"on"},
           "rules":[{"id":"r","clauses":[{"attribute":"country","operator":"in","values":["NL",1.50,true]},{"attribute":"ip","operator":"ipInCidr","values":["10.0.0.0/8"]}],"serve":{"variation":"off"}}]},
          {"key":"b","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"prerequisites":[{"flag":"a","variation":"on"}],"fallthrough":{"variation":"on"},
           "rules":[{"id":"r","clauses":[{"attribute":"country","operator":"in","values":["DE"]}],"serve":{"rollout":{"weights":[{"variation":"on","weight":100000}]}}}]}
        ],"segments":[{"key":"s","rules":[{"id":"r","clauses":[{"attribute":"country","operator":"in","values":["FR"]}]}]}]}
        """;

    [Fact]
    public void Read_KeepsEveryValue_AndWritesTheSameDocument()
    {
        var read = RulesetJson.Read(Document).Ruleset!;

        using var original = JsonDocument.Parse(Document);
        var flags = original.RootElement.GetProperty("flags");
        Assert.True(JsonElement.DeepEquals(flags[0].GetProperty("variations")[0].GetProperty("value"), read.Flags[0].Variations[0].Value));
        Assert.Equal(["NL", "1.50", "true"], read.Flags[0].Rules[0].Clauses[0].Values.Select(v => v.GetRawText()[0] == '"' ? v.GetString() : v.GetRawText()));
        Assert.Equal("FR", read.Segments[0].Rules[0].Clauses[0].Values[0].GetString());
        var written = RulesetJson.Write(read);
        Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(RulesetJson.Write(RulesetJson.Read(written).Ruleset!)));
        Assert.Contains("\"éA\"", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SharesRepeatedStrings()
    {
        var read = RulesetJson.Read(Document).Ruleset!;
        var a = read.Flags[0];
        var b = read.Flags[1];

        Assert.Same(a.Variations[0].Key, b.Variations[0].Key);
        Assert.Same(a.Rules[0].Id, b.Rules[0].Id);
        Assert.Same(a.Rules[0].Clauses[0].Operator, b.Rules[0].Clauses[0].Operator);
        Assert.Same(a.Rules[0].Clauses[0].Attribute, read.Segments[0].Rules[0].Clauses[0].Attribute);
        Assert.Same(a.Key, b.Prerequisites[0].Flag);
        Assert.Same(b.Variations[0].Key, b.Rules[0].Serve.Rollout!.Weights[0].Variation);
    }
}
