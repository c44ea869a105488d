namespace Vexil.Hosting.Observability;

/// <summary>The keys of <see cref="Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Data"/> that <c>/health/ready</c> lifts to the top of its body.</summary>
internal static class ReadinessData
{
    /// <summary>A list of <see cref="EnvironmentReadiness"/>: the environments served (edges, <c>vexil serve</c>).</summary>
    public const string Environments = "environments";

    /// <summary>An <see cref="EventForwardingReadiness"/>: an edge's event spool.</summary>
    public const string EventForwarding = "eventForwarding";

    /// <summary>The word for the top-level status when this check is degraded (an edge's <c>stale</c>); else <c>degraded</c>.</summary>
    public const string DegradedStatus = "degradedStatus";
}
