using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>A flag's targeting in one environment, for display.</summary>
internal sealed record FlagConfigView(
    bool Enabled,
    string? OffVariation,
    IReadOnlyList<TargetView> Targets,
    IReadOnlyList<RuleView> Rules,
    ServeView Fallthrough,
    IReadOnlyList<PrerequisiteView> Prerequisites)
{
    public static FlagConfigView From(FlagTargeting targeting) => new(
        targeting.Enabled,
        targeting.OffVariation,
        [.. targeting.Targets.Select(t => new TargetView(t.Variation, t.Values, t.ContextKind))],
        [.. targeting.Rules.Select(r => new RuleView(r.Id, [.. r.Clauses.Select(ClauseView.From)], ServeView.From(r.Serve)))],
        ServeView.From(targeting.Fallthrough),
        [.. targeting.Prerequisites.Select(p => new PrerequisiteView(p.Flag, p.Variation))]);

    /// <summary>The targeting keys the form edits for a variation: its un-kinded target's (what <see cref="FlagConfigEdits.SetTargets"/> replaces).</summary>
    public IReadOnlyList<string> TargetingKeysOf(string variation) =>
        Targets.FirstOrDefault(t => t.Variation == variation && t.ContextKind is null)?.Values ?? [];

    /// <summary>The targets of a context kind that serve a variation (imported from LaunchDarkly), shown but not edited by the form.</summary>
    public IReadOnlyList<TargetView> KindedTargetsOf(string variation) =>
        [.. Targets.Where(t => t.Variation == variation && t.ContextKind is not null)];
}

/// <summary>Context keys served one variation: targeting keys, or the keys of the contexts of <see cref="ContextKind"/>.</summary>
internal sealed record TargetView(string Variation, IReadOnlyList<string> Values, string? ContextKind = null);

/// <summary>One clause: attribute, operator, values (JSON text for non-strings), negated or not.</summary>
internal sealed record ClauseView(string Attribute, string Operator, IReadOnlyList<string> Values, bool Negate)
{
    public static ClauseView From(ClauseDefinition c) => new(
        c.Attribute,
        c.Operator,
        [.. c.Values.Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())],
        c.Negate);

    public string Describe() => $"{Attribute} {(Negate ? "not " : string.Empty)}{Operator} {string.Join(", ", Values)}";
}

/// <summary>One ordered rule.</summary>
internal sealed record RuleView(string Id, IReadOnlyList<ClauseView> Clauses, ServeView Serve);

/// <summary>A prerequisite: another flag that must evaluate to a variation.</summary>
internal sealed record PrerequisiteView(string Flag, string Variation);

/// <summary>What a rule or the fallthrough serves: a variation, or a rollout with weights in thousandths of a percent.</summary>
internal sealed record ServeView(string? Variation, IReadOnlyList<WeightView> Weights, string? BucketBy)
{
    public static ServeView From(ServeDefinition serve) =>
        serve.Rollout is { } rollout
            ? new ServeView(null, [.. rollout.Weights.Select(w => new WeightView(w.Variation, w.Weight))], rollout.BucketBy)
            : new ServeView(serve.Variation, [], null);

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
