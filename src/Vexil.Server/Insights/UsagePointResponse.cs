using Vexil.Events.Insights;

namespace Vexil.Server.Insights;

/// <summary>One bucket of one variation: evaluations (from SDK summaries) and exposures (individual events).</summary>
internal sealed record UsagePointResponse(DateTimeOffset Start, string Variation, long Evaluations, long Exposures)
{
    public static UsagePointResponse From(UsagePoint point) => new(point.Start, point.Variation, point.Evaluations, point.Exposures);
}
