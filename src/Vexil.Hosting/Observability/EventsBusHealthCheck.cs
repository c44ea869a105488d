using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Events.Bus;

namespace Vexil.Hosting.Observability;

/// <summary>
/// Readiness of the events bus (NATS JetStream, or the in-process queue file): one round trip to it within its publish
/// bound. Only events use the bus, not flags, so a bus that does not answer makes the replica <em>degraded</em>
/// (still 200: taking every replica out of the balancer for an events outage would stop flag delivery too), and
/// <c>POST /events/v1/bulk</c> answers 503 meanwhile.
/// </summary>
internal sealed class EventsBusHealthCheck(IMessageBus bus) : IHealthCheck
{
    public const string Name = "events";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await bus.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy("The events bus answers.");
        }
        catch (BusUnavailableException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The events bus does not answer: {e.Message}; event batches get 503, flags are not affected.");
        }
    }
}
