using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Dashboard.Segments;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>The segment rule editor's edits: ids made here, clauses added and removed, rules moved within bounds.</summary>
public sealed class SegmentRuleEditsTests
{
    private static readonly ClauseDefinition Email = new("email", "endsWith", [JsonSerializer.SerializeToElement("@example.com")], false);

    private static readonly ClauseDefinition Country = new("country", "in", [JsonSerializer.SerializeToElement("NL")], false);

    [Fact]
    public void AddRule_GivesAnIdNoOtherRuleHas()
    {
        var segment = new SegmentDefinition { Key = "s", Rules = [new SegmentRuleDefinition("rule-2", [Country])] };

        var added = SegmentRuleEdits.AddRule(segment, Email);

        Assert.Equal(["rule-2", "rule-3"], added.Rules.Select(r => r.Id));
        Assert.Same(Email, added.Rules[1].Clauses[0]);
    }

    [Fact]
    public void RemoveClause_RemovesTheRuleWithItsLastClause_AndKeepsTheOthers()
    {
        var segment = new SegmentDefinition { Key = "s", Rules = [new SegmentRuleDefinition("a", [Email, Country]), new SegmentRuleDefinition("b", [Country])] };

        var fewer = SegmentRuleEdits.RemoveClause(segment, 0, 0);
        var gone = SegmentRuleEdits.RemoveClause(segment, 1, 0);

        Assert.Equal([Country], fewer.Rules[0].Clauses);
        Assert.Equal(["a"], gone.Rules.Select(r => r.Id));
        Assert.Same(segment, SegmentRuleEdits.RemoveClause(segment, 1, 5));
    }

    [Fact]
    public void MoveRule_OutOfBounds_ChangesNothing_AndKeepsThePercentageOfAnImportedRule()
    {
        var weighted = new SegmentRuleDefinition("w", [Country], new PercentageDefinition(50_000, "launchdarkly-v1"));
        var segment = new SegmentDefinition { Key = "s", Rules = [new SegmentRuleDefinition("a", [Email]), weighted] };

        var moved = SegmentRuleEdits.MoveRule(segment, 1, -1);

        Assert.Equal(["w", "a"], moved.Rules.Select(r => r.Id));
        Assert.Same(weighted, moved.Rules[0]);
        Assert.Same(segment, SegmentRuleEdits.MoveRule(segment, 1, 1));
        Assert.Same(segment, SegmentRuleEdits.DeleteRule(segment, -1));
    }
}
