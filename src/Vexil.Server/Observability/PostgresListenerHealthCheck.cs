using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Server.Storage.Postgres;

namespace Vexil.Server.Observability;

/// <summary>
/// Readiness of a PostgreSQL replica's <c>LISTEN</c> connection: while it is down, other replicas' commits do not reach
/// this replica's streams and OFREP (they fall behind until it reconnects and catches up), so the replica is unhealthy
/// and the balancer sends its traffic to one that is in step.
/// </summary>
internal sealed class PostgresListenerHealthCheck(PostgresListenerState state, TimeProvider time) : IHealthCheck
{
    public const string Name = "listener";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = state.Current;
        var seconds = Math.Round((time.GetUtcNow() - current.Since).TotalSeconds, 1);
        return Task.FromResult(current.Listening
            ? HealthCheckResult.Healthy($"Listening for other replicas' changes for {seconds} s.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"The LISTEN connection has been down for {seconds} s ({current.Reason}): other replicas' changes do not reach this replica."));
    }
}
