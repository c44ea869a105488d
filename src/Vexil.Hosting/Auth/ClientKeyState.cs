namespace Vexil.Hosting.Auth;

/// <summary>
/// A client key as edges learn it: the SHA-256 hash of the key (never the key), the browser origins it may be used
/// from, and when it stops working (a key being rotated out); null when it does not expire.
/// </summary>
internal sealed record ClientKeyState(string KeyHash, IReadOnlyList<string> AllowedOrigins, DateTimeOffset? ExpiresAt)
{
    public bool IsActive(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}
