namespace Vexil.Server.Auth.Accounts;

/// <summary>A person changes their own password: the current one, and the new one (at least 12 characters).</summary>
internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
