namespace Vexil.Server.Auth;

/// <summary>A local account as the API shows it (never its hash).</summary>
internal sealed record AccountResponse(string Username, string Role, DateTimeOffset CreatedAt);
