namespace Vexil.Server.Environments.Api;

/// <summary>Adds an environment to a project.</summary>
internal sealed record CreateEnvironmentRequest(string? Key, string? Name);
