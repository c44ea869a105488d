namespace Vexil.Events.Ingestion;

/// <summary>
/// How many times one flag served one variation at one version during a window; <paramref name="Variation"/> is null when
/// the caller's default was served instead (no variation: an error, or nothing to serve).
/// </summary>
internal sealed record EvaluationSummary(string Flag, string? Variation, long Version, long Count, DateTimeOffset Start, DateTimeOffset End);
