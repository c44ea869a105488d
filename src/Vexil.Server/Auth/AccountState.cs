using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>A local account: the PBKDF2 hash of its password, never the password; disabled accounts cannot sign in.</summary>
internal sealed record AccountState(long Id, string Username, string PasswordHash, string Salt, int Iterations, Role Role, DateTimeOffset CreatedAt)
{
    /// <summary>When an administrator disabled the account; null while it may sign in.</summary>
    public DateTimeOffset? DisabledAt { get; init; }
}
