namespace Vexil.Server.Auth;

/// <summary>Creates a local account.</summary>
internal sealed record CreateAccountRequest(string? Username, string? Password, string? Role);
