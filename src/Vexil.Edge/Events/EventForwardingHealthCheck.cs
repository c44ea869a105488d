using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Hosting.Observability;

namespace Vexil.Edge.Events;

/// <summary>
/// The edge's event spool on the readiness report: what waits to be forwarded, whether it is full (new batches get
/// 503), what was refused and dropped since start, when the upstream last accepted a batch. Always healthy: a full
/// spool does not stop the edge serving flags.
/// </summary>
internal sealed class EventForwardingHealthCheck(EventSpool spool, EventForwarder forwarder, ForwardMetrics forwarding) : IHealthCheck
{
    public const string Name = "eventForwarding";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            spool.IsFull ? "The spool is full: senders get 503." : "The spool takes batches.",
            new Dictionary<string, object>
            {
                [ReadinessData.EventForwarding] = new EventForwardingReadiness(
                    spool.Batches, spool.Bytes, spool.IsFull, spool.Refused, forwarding.DroppedTotal, forwarder.ConsecutiveFailures, forwarder.LastForwardedAt),
            }));
}
