using Vexil.Events.Insights;
using Vexil.Server.Audit;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>The flag list: the search, the tags to filter by, one row per flag.</summary>
internal sealed record FlagListModel(string Query, string? Tag, IReadOnlyList<string> Tags, IReadOnlyList<FlagRow> Flags, string? NextCursor)
{
    /// <summary>True when the list shows the archived flags.</summary>
    public bool Archived { get; init; }

    /// <summary>The key of the flag just deleted, to say so.</summary>
    public string? Deleted { get; init; }
}

/// <summary>A flag with its on/off state in every environment and its last evaluation in the current one.</summary>
internal sealed record FlagRow(FlagState Flag, IReadOnlyDictionary<string, bool> Enabled, DateTimeOffset? LastEvaluated);

/// <summary>The new-flag form, with what was typed and what was wrong.</summary>
internal sealed record NewFlagModel(NewFlagForm Form, IReadOnlyList<string> Errors);

/// <summary>What the new-flag form holds.</summary>
internal sealed record NewFlagForm(string Key, string Name, string Type, string Description, string Tags, string Lifetime, string Variations)
{
    public static readonly NewFlagForm Empty = new(string.Empty, string.Empty, "boolean", string.Empty, string.Empty, "temporary", string.Empty);
}

/// <summary>The flag page in one environment.</summary>
internal sealed record FlagPageModel(
    FlagState Flag,
    EnvironmentFlagState State,
    FlagConfigView Config,
    IReadOnlyDictionary<string, bool> Enabled,
    IReadOnlyList<string> OtherFlags,
    PreviewModel Preview,
    IReadOnlyList<UsagePoint> Usage,
    IReadOnlyList<AuditEntry> History,
    string? Saved,
    IReadOnlyList<string> Errors)
{
    public IReadOnlyList<string> Variations { get; } = Flag.Spec.VariationKeys();

    /// <summary>The form that was refused (its errors shown above), so the page shows it again, open and as typed.</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>True when the refused form was the one posting <c>action=<paramref name="action"/></c> (for rule <paramref name="rule"/>, if any).</summary>
    public bool WasPosted(string action, int? rule = null) =>
        Posted is { } f && f["action"] == action && (rule is null || f["rule"] == rule.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What the refused form held in <paramref name="field"/>, when it was the form posting <paramref name="action"/>.</summary>
    public string? Typed(string action, string field, int? rule = null) => WasPosted(action, rule) ? Posted![field].ToString() : null;

    /// <summary>The rollout percentages the refused form held, by variation.</summary>
    public IReadOnlyDictionary<string, string>? TypedPercents(string action, int? rule = null)
    {
        if (!WasPosted(action, rule))
        {
            return null;
        }

        var percents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in Variations)
        {
            percents[v] = Posted![$"w.{v}"].ToString();
        }

        return percents;
    }
}

/// <summary>The preview: a context typed as JSON and how the flag evaluates for it.</summary>
internal sealed record PreviewModel(string ContextJson, bool Ran, string? Error, string? Value, string? Variation, string? Reason, string? Explanation);

/// <summary>The confirmation asked before turning a flag off in production.</summary>
internal sealed record ConfirmToggleModel(FlagState Flag, string Environment, string ETag, string? Error);
