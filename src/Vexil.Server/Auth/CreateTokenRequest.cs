namespace Vexil.Server.Auth;

/// <summary>Creates an API token with a role, optionally limited to one project.</summary>
internal sealed record CreateTokenRequest(string? Name, string? Role, string? Project, int? ExpiresInDays);
