namespace Vexil.Server.Auth.Accounts;

/// <summary>Sets a password with a one-time reset link's token (<c>vx_rst_…</c>).</summary>
internal sealed record UseResetLinkRequest(string? Token, string? NewPassword);
