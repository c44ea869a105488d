namespace Vexil.Events.Aggregation;

/// <summary>One row of the per-minute table: a flag serving a variation in a minute (unix seconds, minute-aligned).</summary>
internal readonly record struct UsageKey(string Flag, string Variation, long Minute)
{
    /// <summary>
    /// How the store names "the caller's default was served" (a summary's <c>"variation": null</c>): the empty string,
    /// which no variation key can be (keys are 1–256 characters).
    /// </summary>
    public const string DefaultServed = "";
}
