using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Flags;

namespace Vexil.Server.Tests.Dashboard;

public sealed class FlagConfigEditsTests
{
    private static readonly string[] OnOff = ["on", "off"];

    private static FlagConfigData Config(string targets = "[]", string rules = "[]") => new(
        true,
        "off",
        null,
        JsonDocument.Parse("[]").RootElement,
        JsonDocument.Parse(targets).RootElement,
        JsonDocument.Parse(rules).RootElement,
        JsonDocument.Parse("""{"variation":"off"}""").RootElement);

    private static FormCollection Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)));

    [Fact]
    public void Serve_RolloutWeightsAddingUpTo100_BecomeThousandthsOfAPercent()
    {
        var errors = new List<string>();
        var serve = FlagConfigEdits.Serve(Form(("serve", "rollout"), ("w.on", "30"), ("w.off", "70%")), OnOff, errors);
        Assert.Empty(errors);
        Assert.Equal("""{"rollout":{"weights":[{"variation":"on","weight":30000},{"variation":"off","weight":70000}]}}""", serve!.ToJsonString());
    }

    [Theory]
    [InlineData("30", "60", "these add up to 90%")]
    [InlineData("30.0001", "69.9999", "at most three decimals")]
    [InlineData("-5", "105", "from 0 to 100")]
    [InlineData("abc", "70", "from 0 to 100")]
    public void Serve_WeightsThatAreWrong_AreRefusedWithAMessage(string on, string off, string message)
    {
        var errors = new List<string>();
        Assert.Null(FlagConfigEdits.Serve(Form(("serve", "rollout"), ("w.on", on), ("w.off", off)), OnOff, errors));
        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_NothingChosen_IsRefused()
    {
        var errors = new List<string>();
        Assert.Null(FlagConfigEdits.Serve(Form(), OnOff, errors));
        Assert.Single(errors);
    }

    [Fact]
    public void SetTargets_ReplacesTheVariationsKeys_AndAnEmptyListRemovesThem()
    {
        var config = Config("""[{"variation":"on","values":["a"]},{"variation":"off","values":["b"]}]""");
        var replaced = FlagConfigEdits.SetTargets(config, "on", ["c", "d"]);
        Assert.Equal("""[{"variation":"on","values":["c","d"]},{"variation":"off","values":["b"]}]""", replaced.Targets.GetRawText());
        var removed = FlagConfigEdits.SetTargets(replaced, "off", []);
        Assert.Equal("""[{"variation":"on","values":["c","d"]}]""", removed.Targets.GetRawText());
    }

    [Fact]
    public void SetTargets_KeepsTargetsOfAContextKind()
    {
        var config = Config("""[{"variation":"on","contextKind":"org","values":["acme"]},{"variation":"on","values":["a"]}]""");
        var replaced = FlagConfigEdits.SetTargets(config, "on", ["c"]);
        Assert.Equal("""[{"variation":"on","contextKind":"org","values":["acme"]},{"variation":"on","values":["c"]}]""", replaced.Targets.GetRawText());
    }

    [Fact]
    public void MoveRule_SwapsNeighbours_AndDoesNothingPastTheEnds()
    {
        var config = Config(rules: """[{"id":"a","serve":{"variation":"on"}},{"id":"b","serve":{"variation":"off"}}]""");
        var moved = FlagConfigEdits.MoveRule(config, 1, -1);
        Assert.Equal(["b", "a"], moved.Rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Same(config, FlagConfigEdits.MoveRule(config, 0, -1));
        Assert.Equal(["a"], FlagConfigEdits.DeleteRule(config, 1).Rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
    }

    [Fact]
    public void Clause_NumericOperatorsTakeNumbers_OthersStrings()
    {
        Assert.Equal("""{"attribute":"age","operator":"gte","values":[18]}""", FlagConfigEdits.Clause("age", "gte", "18", false).ToJsonString());
        Assert.Equal("""{"attribute":"email","operator":"endsWith","values":["@a.com","@b.com"],"negate":true}""", FlagConfigEdits.Clause(" email ", "endsWith", "@a.com, @b.com\n@a.com", true).ToJsonString());
    }
}
