using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Vexil.Core.Model;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Flags;

namespace Vexil.Server.Tests.Dashboard;

public sealed class FlagConfigEditsTests
{
    private static readonly string[] OnOff = ["on", "off"];

    private static FlagTargeting Config(IReadOnlyList<TargetDefinition>? targets = null, IReadOnlyList<RuleDefinition>? rules = null) =>
        new(true, "off", null, [], targets ?? [], rules ?? [], ServeDefinition.Of("off"));

    private static RuleDefinition Rule(string id, string serve) => new(id, [], ServeDefinition.Of(serve));

    private static FormCollection Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)));

    [Fact]
    public void Serve_RolloutWeightsAddingUpTo100_BecomeThousandthsOfAPercent()
    {
        var errors = new List<string>();
        var serve = FlagConfigEdits.Serve(Form(("serve", "rollout"), ("w.on", "30"), ("w.off", "70%")), OnOff, errors);
        Assert.Empty(errors);
        Assert.Null(serve!.Variation);
        Assert.Equal([("on", 30_000), ("off", 70_000)], serve.Rollout!.Weights.Select(w => (w.Variation, w.Weight)));
        Assert.Equal("targetingKey", serve.Rollout.BucketBy);
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
        var config = Config(targets: [new TargetDefinition("on", ["a"]), new TargetDefinition("off", ["b"])]);
        var replaced = FlagConfigEdits.SetTargets(config, "on", ["c", "d"]);
        Assert.Equal([("on", "c,d"), ("off", "b")], replaced.Targets.Select(t => (t.Variation, string.Join(',', t.Values))));
        var removed = FlagConfigEdits.SetTargets(replaced, "off", []);
        Assert.Equal([("on", "c,d")], removed.Targets.Select(t => (t.Variation, string.Join(',', t.Values))));
    }

    [Fact]
    public void SetTargets_KeepsTargetsOfAContextKind_AndReplacesOnlyTheVariationsUnkindedTargets()
    {
        var config = Config([new TargetDefinition("on", ["acme"], "org"), new TargetDefinition("on", ["a"]), new TargetDefinition("off", ["b"], "device")]);

        var replaced = FlagConfigEdits.SetTargets(config, "on", ["c"]);
        Assert.Equal([("on", "org", "acme"), ("on", null, "c"), ("off", "device", "b")], replaced.Targets.Select(t => (t.Variation, t.ContextKind, string.Join(',', t.Values))));

        // Emptying the variation's list removes its un-kinded target only.
        var emptied = FlagConfigEdits.SetTargets(config, "on", []);
        Assert.Equal([("on", "org", "acme"), ("off", "device", "b")], emptied.Targets.Select(t => (t.Variation, t.ContextKind, string.Join(',', t.Values))));

        // A variation with only kinded targets gets a new un-kinded one beside them.
        var added = FlagConfigEdits.SetTargets(config, "off", ["d"]);
        Assert.Equal([("on", "org", "acme"), ("on", null, "a"), ("off", "device", "b"), ("off", null, "d")], added.Targets.Select(t => (t.Variation, t.ContextKind, string.Join(',', t.Values))));
    }

    [Fact]
    public void MoveRule_SwapsNeighbours_AndDoesNothingPastTheEnds()
    {
        var config = Config(rules: [Rule("a", "on"), Rule("b", "off")]);
        var moved = FlagConfigEdits.MoveRule(config, 1, -1);
        Assert.Equal(["b", "a"], moved.Rules.Select(r => r.Id));
        Assert.Same(config, FlagConfigEdits.MoveRule(config, 0, -1));
        Assert.Equal(["a"], FlagConfigEdits.DeleteRule(config, 1).Rules.Select(r => r.Id));
    }

    [Fact]
    public void AddRule_GivesAnIdNoOtherRuleHas()
    {
        var config = Config(rules: [Rule("rule-2", "on")]);
        var added = FlagConfigEdits.AddRule(config, FlagConfigEdits.Clause("email", "endsWith", "@a.com", false), ServeDefinition.Of("on"));
        Assert.Equal(["rule-2", "rule-3"], added.Rules.Select(r => r.Id));
    }

    [Fact]
    public void Clause_NumericOperatorsTakeNumbers_OthersStrings()
    {
        var numeric = FlagConfigEdits.Clause("age", "gte", "18", false);
        Assert.Equal(("age", "gte", JsonValueKind.Number, 18.0, false), (numeric.Attribute, numeric.Operator, numeric.Values[0].ValueKind, numeric.Values[0].GetDouble(), numeric.Negate));
        var text = FlagConfigEdits.Clause(" email ", "endsWith", "@a.com, @b.com\n@a.com", true);
        Assert.Equal(("email", "endsWith", true), (text.Attribute, text.Operator, text.Negate));
        Assert.Equal(["@a.com", "@b.com"], text.Values.Select(v => v.GetString()!));
    }
}
