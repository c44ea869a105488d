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
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
