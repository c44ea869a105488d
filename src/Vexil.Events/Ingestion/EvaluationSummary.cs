namespace Vexil.Events.Ingestion;

/// <summary>How many times one flag served one variation at one version during a window.</summary>
internal sealed record EvaluationSummary(string Flag, string Variation, long Version, long Count, DateTimeOffset Start, DateTimeOffset End);
