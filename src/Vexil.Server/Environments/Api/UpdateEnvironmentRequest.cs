namespace Vexil.Server.Environments.Api;

/// <summary>Renames an environment (its key does not change).</summary>
internal sealed record UpdateEnvironmentRequest(string? Name);
