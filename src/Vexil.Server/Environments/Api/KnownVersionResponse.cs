namespace Vexil.Server.Environments.Api;

/// <summary>The latest version of an environment this server process knows of (its own writes and other replicas').</summary>
internal sealed record KnownVersionResponse(string Environment, long Version);
