namespace Vexil.Server.Auth;

/// <summary>Signs a person in with a local account.</summary>
internal sealed record LoginRequest(string? Username, string? Password);
