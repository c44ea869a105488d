namespace Vexil.Server.Insights;

/// <summary>The stale flags of one environment under a stale period of <see cref="StaleAfterDays"/> days.</summary>
internal sealed record StaleFlagsResponse(string Environment, int StaleAfterDays, IReadOnlyList<StaleFlagResponse> Flags);
