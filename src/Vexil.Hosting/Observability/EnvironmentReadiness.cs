namespace Vexil.Hosting.Observability;

/// <summary>
/// One environment an edge serves: its version, whether it follows its upstream live, how old its ruleset may be, and
/// whether the upstream refuses the edge's key for it (the edge then does not serve it).
/// </summary>
internal sealed record EnvironmentReadiness(string Environment, long Version, bool Stale, double? StaleSeconds, string Source)
{
    public bool Refused { get; init; }
}
