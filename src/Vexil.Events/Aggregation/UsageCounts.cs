namespace Vexil.Events.Aggregation;

/// <summary>Evaluations (from summaries) and exposures (individual events) counted for one <see cref="UsageKey"/>.</summary>
internal record struct UsageCounts(long Evaluations, long Exposures);
