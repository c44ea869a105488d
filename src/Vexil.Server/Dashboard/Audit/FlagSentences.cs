using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>
/// What changed between two versions of a flag, as sentences a product manager reads: "turned on", "rule 2: rollout
/// 50% blue, 25.5% green, 24.5% red (was serve red)", "targets of on: added alice; removed bob". Weights are shown in
/// percent, rules by their position (1-based, as the dashboard numbers them), matched across versions by their id.
/// </summary>
internal static class FlagSentences
{
    public static IReadOnlyList<string> Compare(FlagDefinition before, FlagDefinition after)
    {
        var lines = new List<string>();
        if (before.Enabled != after.Enabled)
        {
            lines.Add(after.Enabled ? "turned on" : "turned off");
        }

        if (before.OffVariation != after.OffVariation)
        {
            lines.Add($"when off: serve {after.OffVariation ?? "the default value"} (was {before.OffVariation ?? "the default value"})");
        }

        Targets(before.Targets, after.Targets, lines);
        Rules(before.Rules, after.Rules, lines);
        if (Serve(before.Fallthrough) is var was && Serve(after.Fallthrough) is var now && was != now)
        {
            lines.Add($"default rule: {now} (was {was})");
        }

        if (Prerequisites(before.Prerequisites) is var p0 && Prerequisites(after.Prerequisites) is var p1 && p0 != p1)
        {
            lines.Add($"prerequisites: {p1} (was {p0})");
        }

        if (Variations(before.Variations) is var v0 && Variations(after.Variations) is var v1 && v0 != v1)
        {
            lines.Add($"variations: {v1} (was {v0})");
        }

        if (before.Description != after.Description)
        {
            lines.Add($"description: {Quote(after.Description)} (was {Quote(before.Description)})");
        }

        if (string.Join(", ", before.Tags) is var t0 && string.Join(", ", after.Tags) is var t1 && t0 != t1)
        {
            lines.Add($"tags: {(t1.Length == 0 ? "none" : t1)} (was {(t0.Length == 0 ? "none" : t0)})");
        }

        if (before.Lifetime != after.Lifetime)
        {
            lines.Add($"lifetime: {Name(after.Lifetime)} (was {Name(before.Lifetime)})");
        }

        if (before.Salt != after.Salt)
        {
            lines.Add("bucketing salt changed: percentage rollouts reshuffle who gets what");
        }

        return lines;
    }

    /// <summary>A new flag in one sentence: its variations and what it serves.</summary>
    public static string Describe(FlagDefinition flag) =>
        $"{(flag.Enabled ? "on" : "off")}; variations {Variations(flag.Variations)}; default rule: {Serve(flag.Fallthrough)}" +
        (flag.Rules.Count == 0 ? string.Empty : $"; {flag.Rules.Count} rule{(flag.Rules.Count == 1 ? string.Empty : "s")}");

    /// <summary>What a rule or the default rule serves: <c>serve blue</c> or <c>rollout 50% blue, 50% green</c>.</summary>
    public static string Serve(ServeDefinition serve)
    {
        if (serve.Rollout is not { } rollout)
        {
            return $"serve {serve.Variation}";
        }

        var parts = new List<string>(rollout.Weights.Count);
        foreach (var w in rollout.Weights)
        {
            parts.Add($"{Percent(w.Weight)} {w.Variation}");
        }

        var by = rollout.BucketBy == "targetingKey" ? string.Empty : $" by {rollout.BucketBy}";
        return $"rollout {string.Join(", ", parts)}{by}";
    }

    /// <summary>A weight in units of 0.001% as a percentage: 25500 is <c>25.5%</c>.</summary>
    public static string Percent(int weight) => (weight / 1000m).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static void Rules(IReadOnlyList<RuleDefinition> before, IReadOnlyList<RuleDefinition> after, List<string> lines)
    {
        var old = new Dictionary<string, (int Index, RuleDefinition Rule)>(StringComparer.Ordinal);
        for (var i = 0; i < before.Count; i++)
        {
            old[before[i].Id] = (i, before[i]);
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        var moved = false;
        for (var i = 0; i < after.Count; i++)
        {
            var rule = after[i];
            if (!old.TryGetValue(rule.Id, out var was))
            {
                lines.Add($"rule {i + 1} added: {Rule(rule)}");
                continue;
            }

            kept.Add(rule.Id);
            moved |= was.Index != i;
            if (Condition(was.Rule) != Condition(rule))
            {
                lines.Add($"rule {i + 1}: if {Condition(rule)} (was if {Condition(was.Rule)})");
            }

            if (Serve(was.Rule.Serve) is var s0 && Serve(rule.Serve) is var s1 && s0 != s1)
            {
                lines.Add($"rule {i + 1}: {s1} (was {s0})");
            }

            if (was.Rule.Description != rule.Description)
            {
                lines.Add($"rule {i + 1}: described as {Quote(rule.Description)} (was {Quote(was.Rule.Description)})");
            }
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (!kept.Contains(before[i].Id))
            {
                lines.Add($"rule {i + 1} removed (was: {Rule(before[i])})");
            }
        }

        if (moved)
        {
            lines.Add("rules reordered: they are tried in their new order");
        }
    }

    private static string Rule(RuleDefinition rule) => $"if {Condition(rule)}, {Serve(rule.Serve)}";

    private static string Condition(RuleDefinition rule)
    {
        var parts = new List<string>(rule.Clauses.Count + 1);
        foreach (var c in rule.Clauses)
        {
            var values = new List<string>(c.Values.Count);
            foreach (var v in c.Values)
            {
                values.Add(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText());
            }

            var kind = c.ContextKind is null ? string.Empty : $"{c.ContextKind}.";
            parts.Add($"{kind}{c.Attribute} {(c.Negate ? "not " : string.Empty)}{c.Operator} {string.Join(", ", values)}");
        }

        if (rule.Percentage is { } share)
        {
            parts.Add($"in {Percent(share.Weight)} of contexts");
        }

        return parts.Count == 0 ? "always" : string.Join(" and ", parts);
    }

    private static void Targets(IReadOnlyList<TargetDefinition> before, IReadOnlyList<TargetDefinition> after, List<string> lines)
    {
        var variations = new List<string>();
        foreach (var t in after)
        {
            if (!variations.Contains(t.Variation))
            {
                variations.Add(t.Variation);
            }
        }

        foreach (var t in before)
        {
            if (!variations.Contains(t.Variation))
            {
                variations.Add(t.Variation);
            }
        }

        foreach (var variation in variations)
        {
            var was = ValuesOf(before, variation);
            var now = ValuesOf(after, variation);
            var added = now.Where(v => !was.Contains(v)).ToList();
            var removed = was.Where(v => !now.Contains(v)).ToList();
            if (added.Count + removed.Count == 0)
            {
                continue;
            }

            var parts = new List<string>(2);
            if (added.Count > 0)
            {
                parts.Add($"added {List(added)}");
            }

            if (removed.Count > 0)
            {
                parts.Add($"removed {List(removed)}");
            }

            lines.Add($"targets of {variation}: {string.Join("; ", parts)}");
        }
    }

    private static HashSet<string> ValuesOf(IReadOnlyList<TargetDefinition> targets, string variation)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            if (t.Variation == variation)
            {
                foreach (var v in t.Values)
                {
                    values.Add(t.ContextKind is null ? v : $"{t.ContextKind}:{v}");
                }
            }
        }

        return values;
    }

    private static string List(List<string> values) =>
        values.Count <= 10 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(10))} and {values.Count - 10} more";

    private static string Prerequisites(IReadOnlyList<PrerequisiteDefinition> prerequisites) =>
        prerequisites.Count == 0 ? "none" : string.Join(" and ", prerequisites.Select(p => $"flag {p.Flag} is {(p.AnyOf is { Count: > 0 } any ? string.Join(" or ", any) : p.Variation)}"));

    private static string Variations(IReadOnlyList<VariationDefinition> variations) =>
        string.Join(", ", variations.Select(v => $"{v.Key} = {v.Value.GetRawText()}"));

    private static string Quote(string? text) => text is null || text.Length == 0 ? "none" : $"“{text}”";

    private static string Name(FlagLifetime lifetime) => lifetime == FlagLifetime.Permanent ? "permanent" : "temporary";
}
