namespace Vexil.Server.Auth;

/// <summary>An API token as the API shows it; <c>token</c> only in the answer that created it.</summary>
internal sealed record TokenResponse(long Id, string Name, string Role, string? Project, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? Token = null);
