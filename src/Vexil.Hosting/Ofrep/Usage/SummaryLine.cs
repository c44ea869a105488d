namespace Vexil.Hosting.Ofrep.Usage;

/// <summary>How many times one flag served one variation (null: the caller's default) at one version in a window.</summary>
internal readonly record struct SummaryLine(string Flag, string? Variation, long Version, long Count);
