namespace Vexil.Server.Auth.Accounts;

/// <summary>A one-time password-reset link, shown once to the administrator who issued it, to hand to the account's owner.</summary>
internal sealed record ResetLinkResponse(string Username, string Url, string Token, DateTimeOffset ExpiresAt);
