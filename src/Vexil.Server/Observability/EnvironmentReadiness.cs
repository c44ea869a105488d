namespace Vexil.Server.Observability;

/// <summary>One environment an edge serves: its version, whether it follows its upstream live, and how old its ruleset may be.</summary>
internal sealed record EnvironmentReadiness(string Environment, long Version, bool Stale, double? StaleSeconds, string Source);
