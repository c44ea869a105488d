using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>An API token (or a login session) as stored: its SHA-256 hash, role and optional project.</summary>
internal sealed record ApiTokenState(
    long Id,
    string Name,
    Role Role,
    long? ProjectId,
    string Kind,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);
