using System.Globalization;
using Vexil.Core.Model;

namespace Vexil.Server.Dashboard.Segments;

/// <summary>
/// The dashboard's edits of a segment, as pure functions from the segment the form was rendered from to the new one.
/// Rule ids are made here (<c>rule-1</c>, <c>rule-2</c>, …), never typed; a rule's percentage (an import's weighted
/// rule) is kept as it is.
/// </summary>
internal static class SegmentRuleEdits
{
    public static SegmentDefinition SetMembers(SegmentDefinition segment, string? description, IReadOnlyList<string> included, IReadOnlyList<string> excluded) =>
        segment with { Description = description, Included = included, Excluded = excluded };

    public static SegmentDefinition AddRule(SegmentDefinition segment, ClauseDefinition clause) =>
        segment with { Rules = [.. segment.Rules, new SegmentRuleDefinition(NewRuleId(segment.Rules), [clause])] };

    public static SegmentDefinition AddClause(SegmentDefinition segment, int rule, ClauseDefinition clause) =>
        EditRule(segment, rule, r => r with { Clauses = [.. r.Clauses, clause] });

    /// <summary>Removes one clause; a rule left without clauses is removed (it would match everyone).</summary>
    public static SegmentDefinition RemoveClause(SegmentDefinition segment, int rule, int clause)
    {
        if (rule < 0 || rule >= segment.Rules.Count || clause < 0 || clause >= segment.Rules[rule].Clauses.Count)
        {
            return segment;
        }

        return segment.Rules[rule].Clauses.Count == 1
            ? DeleteRule(segment, rule)
            : EditRule(segment, rule, r => r with { Clauses = [.. r.Clauses.Where((_, i) => i != clause)] });
    }

    public static SegmentDefinition MoveRule(SegmentDefinition segment, int rule, int by)
    {
        var target = rule + by;
        if (rule < 0 || rule >= segment.Rules.Count || target < 0 || target >= segment.Rules.Count)
        {
            return segment;
        }

        var rules = segment.Rules.ToList();
        var moved = rules[rule];
        rules.RemoveAt(rule);
        rules.Insert(target, moved);
        return segment with { Rules = rules };
    }

    public static SegmentDefinition DeleteRule(SegmentDefinition segment, int rule) =>
        rule < 0 || rule >= segment.Rules.Count ? segment : segment with { Rules = [.. segment.Rules.Where((_, i) => i != rule)] };

    private static SegmentDefinition EditRule(SegmentDefinition segment, int rule, Func<SegmentRuleDefinition, SegmentRuleDefinition> edit)
    {
        if (rule < 0 || rule >= segment.Rules.Count)
        {
            return segment;
        }

        var rules = segment.Rules.ToList();
        rules[rule] = edit(rules[rule]);
        return segment with { Rules = rules };
    }

    /// <summary>A rule id no other rule of the segment has.</summary>
    private static string NewRuleId(IReadOnlyList<SegmentRuleDefinition> rules)
    {
        for (var n = rules.Count + 1; ; n++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"rule-{n}");
            if (!rules.Any(r => r.Id == id))
            {
                return id;
            }
        }
    }
}
