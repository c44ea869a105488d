namespace Vexil.Server.Auth;

/// <summary>A login session's bearer token, shown once.</summary>
internal sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, string Role);
