namespace Vexil.Server.Audit;

/// <summary>
/// Audit entries newest first, before an id: of one project (or all), and optionally of one environment, one actor,
/// one resource (a flag: <c>projects/p/flags/f</c> also matches its per-environment entries), resources under one of
/// <see cref="ResourcePrefixes"/> (<c>accounts/</c>: every account's entries), and a time range.
/// </summary>
internal sealed record AuditQuery(
    string? Project,
    long? Before,
    int Limit,
    string? Environment = null,
    string? Actor = null,
    string? Resource = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    IReadOnlyList<string>? ResourcePrefixes = null);
