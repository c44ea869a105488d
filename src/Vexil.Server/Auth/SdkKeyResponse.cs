namespace Vexil.Server.Auth;

/// <summary>An SDK key as the API shows it; <c>key</c> only in the answer that created it.</summary>
/// <param name="Id">Its id, for rotate, revoke and origins.</param>
/// <param name="Kind"><c>server</c> or <c>client</c>.</param>
/// <param name="Name">Its name, unique among the environment's active keys of its kind.</param>
/// <param name="Hint">The first characters of the key, to recognise it.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When a rotation's overlap ends it; null while it is current.</param>
/// <param name="RevokedAt">When it was revoked; null unless revoked.</param>
/// <param name="Active">Whether it is accepted now.</param>
/// <param name="AllowedOrigins">The browser origins a client key may be used from.</param>
/// <param name="Key">The secret, shown once.</param>
internal sealed record SdkKeyResponse(long Id, string Kind, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active, IReadOnlyList<string> AllowedOrigins, string? Key = null);
