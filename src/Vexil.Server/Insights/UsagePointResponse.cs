using Vexil.Events.Insights;

namespace Vexil.Server.Insights;

/// <summary>
/// One bucket of one variation: evaluations (from SDK summaries) and exposures (individual events). Evaluations that
/// served the caller's default have no <c>variation</c> and <c>"default": true</c>.
/// </summary>
internal sealed record UsagePointResponse(DateTimeOffset Start, string? Variation, long Evaluations, long Exposures, bool? Default = null)
{
    public static UsagePointResponse From(UsagePoint point) =>
        new(point.Start, point.Variation, point.Evaluations, point.Exposures, point.Variation is null ? true : null);
}
