using System.Globalization;
using System.Text.Json;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>A flag's configuration in one environment, read for display (the stored JSON stays the source of truth).</summary>
internal sealed record FlagConfigView(
    bool Enabled,
    string? OffVariation,
    IReadOnlyList<TargetView> Targets,
    IReadOnlyList<RuleView> Rules,
    ServeView Fallthrough,
    IReadOnlyList<PrerequisiteView> Prerequisites)
{
    public static FlagConfigView From(FlagConfigData config)
    {
        var targets = new List<TargetView>();
        foreach (var t in Items(config.Targets))
        {
            targets.Add(new TargetView(Text(t, "variation"), [.. Items(t.GetProperty("values")).Select(v => v.ToString())]));
        }

        var rules = new List<RuleView>();
        foreach (var r in Items(config.Rules))
        {
            var clauses = r.TryGetProperty("clauses", out var c) ? Items(c).Select(ClauseView.From).ToList() : [];
            rules.Add(new RuleView(Text(r, "id"), clauses, ServeView.From(r.GetProperty("serve"))));
        }

        var prerequisites = Items(config.Prerequisites).Select(p => new PrerequisiteView(Text(p, "flag"), Text(p, "variation"))).ToList();
        return new FlagConfigView(config.Enabled, config.OffVariation, targets, rules, ServeView.From(config.Fallthrough), prerequisites);
    }

    internal static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    internal static string Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
}

/// <summary>Context keys served one variation.</summary>
internal sealed record TargetView(string Variation, IReadOnlyList<string> Values);

/// <summary>One clause: attribute, operator, values (JSON text for non-strings), negated or not.</summary>
internal sealed record ClauseView(string Attribute, string Operator, IReadOnlyList<string> Values, bool Negate)
{
    public static ClauseView From(JsonElement c) => new(
        FlagConfigView.Text(c, "attribute"),
        FlagConfigView.Text(c, "operator"),
        [.. FlagConfigView.Items(c.TryGetProperty("values", out var v) ? v : default).Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())],
        c.TryGetProperty("negate", out var n) && n.ValueKind == JsonValueKind.True);

    public string Describe() => $"{Attribute} {(Negate ? "not " : string.Empty)}{Operator} {string.Join(", ", Values)}";
}

/// <summary>One ordered rule.</summary>
internal sealed record RuleView(string Id, IReadOnlyList<ClauseView> Clauses, ServeView Serve);

/// <summary>A prerequisite: another flag that must evaluate to a variation.</summary>
internal sealed record PrerequisiteView(string Flag, string Variation);

/// <summary>What a rule or the fallthrough serves: a variation, or a rollout with weights in thousandths of a percent.</summary>
internal sealed record ServeView(string? Variation, IReadOnlyList<WeightView> Weights, string? BucketBy)
{
    public static ServeView From(JsonElement serve)
    {
        if (serve.ValueKind != JsonValueKind.Object)
        {
            return new ServeView(null, [], null);
        }

        if (serve.TryGetProperty("rollout", out var rollout))
        {
            var weights = FlagConfigView.Items(rollout.GetProperty("weights"))
                .Select(w => new WeightView(FlagConfigView.Text(w, "variation"), w.GetProperty("weight").GetInt32()))
                .ToList();
            return new ServeView(null, weights, rollout.TryGetProperty("bucketBy", out var b) ? b.GetString() : null);
        }

        return new ServeView(FlagConfigView.Text(serve, "variation"), [], null);
    }

    public bool IsRollout => Variation is null && Weights.Count > 0;

    /// <summary>The weight of a variation in percent (for the form), or empty.</summary>
    public string PercentOf(string variation)
    {
        var w = Weights.FirstOrDefault(x => x.Variation == variation);
        return w is null ? string.Empty : w.Percent;
    }

    public string Describe() => IsRollout
        ? "rollout " + string.Join(", ", Weights.Select(w => $"{w.Percent}% {w.Variation}")) + (BucketBy is null or "targetingKey" ? string.Empty : $" by {BucketBy}")
        : Variation ?? "nothing";
}

/// <summary>A rollout weight (100,000 = 100%).</summary>
internal sealed record WeightView(string Variation, int Weight)
{
    public string Percent => (Weight / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
}
