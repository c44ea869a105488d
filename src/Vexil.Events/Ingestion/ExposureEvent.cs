namespace Vexil.Events.Ingestion;

/// <summary>One evaluation of an experiment flag for one targeting key.</summary>
internal sealed record ExposureEvent(string Flag, string Variation, long Version, string TargetingKey, DateTimeOffset At);
