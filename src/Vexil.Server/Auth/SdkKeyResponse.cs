namespace Vexil.Server.Auth;

/// <summary>An SDK key as the API shows it; <see cref="Key"/> only in the answer that created it.</summary>
internal sealed record SdkKeyResponse(long Id, string Kind, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active, IReadOnlyList<string> AllowedOrigins, string? Key = null);
