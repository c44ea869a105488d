namespace Vexil.Server.Auth;

/// <summary>A local account: the PBKDF2 hash of its password, never the password.</summary>
internal sealed record AccountState(long Id, string Username, string PasswordHash, string Salt, int Iterations, Role Role, DateTimeOffset CreatedAt);
