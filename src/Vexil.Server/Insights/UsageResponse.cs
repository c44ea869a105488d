namespace Vexil.Server.Insights;

/// <summary>A flag's usage in one environment: the range read, its granularity, and the buckets, per variation.</summary>
internal sealed record UsageResponse(
    string Flag,
    string Environment,
    DateTimeOffset From,
    DateTimeOffset To,
    string Granularity,
    IReadOnlyList<UsagePointResponse> Points);
