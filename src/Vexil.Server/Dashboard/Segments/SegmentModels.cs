using Vexil.Server.Segments;

namespace Vexil.Server.Dashboard.Segments;

/// <summary>The segments of one environment.</summary>
internal sealed record SegmentListModel(IReadOnlyList<SegmentState> Segments, IReadOnlyList<string> Errors);

/// <summary>A segment's page: its state, the members form (as stored, or as typed after an error), errors.</summary>
internal sealed record SegmentPageModel(SegmentState Segment, SegmentForm Form, bool Saved, IReadOnlyList<string> Errors)
{
    /// <summary>The refused form (its errors shown above), so the page shows it again as typed.</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>What the refused form held in <paramref name="field"/>, when it posted <c>action=<paramref name="action"/></c> (for rule <paramref name="rule"/>, if any).</summary>
    public string? Typed(string action, string field, int? rule = null) =>
        Posted is { } f && f["action"] == action && (rule is null || f["rule"] == rule.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ? f[field].ToString()
            : null;
}

/// <summary>What the members form holds: the description and the keys, one per line.</summary>
internal sealed record SegmentForm(string Description, string Included, string Excluded);
