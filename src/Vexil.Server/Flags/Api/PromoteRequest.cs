namespace Vexil.Server.Flags.Api;

/// <summary>Copies a flag's configuration from one environment to another.</summary>
internal sealed record PromoteRequest(string? From, string? To);
