namespace Vexil.Sdk.Events;

/// <summary>
/// One line of an evaluation summary: how often a flag served a variation at a version in a window; a null variation
/// counts the evaluations that served the caller's default (errors such as a type mismatch, or nothing to serve).
/// </summary>
internal sealed record PendingSummary(string Flag, string? Variation, long Version, long Count, DateTimeOffset Start, DateTimeOffset End);
