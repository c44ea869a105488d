namespace Vexil.Server.Auth.Accounts;

/// <summary>An account's new role: <c>viewer</c>, <c>editor</c> or <c>administrator</c>.</summary>
internal sealed record SetRoleRequest(string? Role);
