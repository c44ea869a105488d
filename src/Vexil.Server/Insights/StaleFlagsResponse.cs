namespace Vexil.Server.Insights;

/// <summary>The stale flags of one environment under a stale period of <c>staleAfterDays</c> days.</summary>
internal sealed record StaleFlagsResponse(string Environment, int StaleAfterDays, IReadOnlyList<StaleFlagResponse> Flags);
