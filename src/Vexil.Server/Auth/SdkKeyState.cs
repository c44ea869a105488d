namespace Vexil.Server.Auth;

/// <summary>An SDK key of one environment as stored: hash and a short hint, never the key.</summary>
internal sealed record SdkKeyState(
    long Id,
    long EnvironmentId,
    string Kind,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>The key's name, unique among the environment's active keys of its kind that are not being rotated out.</summary>
    public string Name { get; init; } = SdkKeyNames.Default;

    /// <summary>The browser origins (CORS) a client key may be used from; empty for server keys.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
