namespace Vexil.Events.Aggregation;

/// <summary>One row of the per-minute table: a flag serving a variation in a minute (unix seconds, minute-aligned).</summary>
internal readonly record struct UsageKey(string Flag, string Variation, long Minute);
