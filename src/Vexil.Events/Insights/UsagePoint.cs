namespace Vexil.Events.Insights;

/// <summary>How often a flag served one variation in one bucket.</summary>
/// <param name="Start">The bucket's start (UTC).</param>
/// <param name="Variation">The variation served; null for evaluations that served the caller's default (no variation).</param>
/// <param name="Evaluations">Evaluations reported by summaries.</param>
/// <param name="Exposures">Individual exposure events.</param>
public sealed record UsagePoint(DateTimeOffset Start, string? Variation, long Evaluations, long Exposures);
