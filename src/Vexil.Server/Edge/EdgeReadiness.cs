using Vexil.Server.Edge.Events;
using Vexil.Server.Observability;

namespace Vexil.Server.Edge;

/// <summary>
/// <c>ready</c> when every environment follows its upstream live; <c>stale</c> (still 200: it serves) when some
/// serve a last-known-good ruleset, with how long since each was last in step; <c>unavailable</c> (503) when some
/// environment has no ruleset at all. The event spool's depth, refusals and drops are reported alongside.
/// </summary>
internal sealed class EdgeReadiness(EdgeEnvironments environments, EventSpool spool, EventForwarder forwarder, ForwardMetrics forwarding, TimeProvider time) : IReadinessProbe
{
    public ReadinessReport Check()
    {
        var now = time.GetUtcNow();
        var details = new List<EnvironmentReadiness>(environments.All.Count);
        var status = "ready";
        foreach (var environment in environments.All)
        {
            var current = environment.Current;
            var stale = !environment.Connected;
            double? age = stale && environment.SyncedAt is { } at ? Math.Round((now - at).TotalSeconds, 1) : null;
            details.Add(new EnvironmentReadiness(environment.Name, current?.Version ?? 0, stale, age, environment.Source));
            if (current is null)
            {
                status = "unavailable";
            }
            else if (stale && status == "ready")
            {
                status = "stale";
            }
        }

        return new ReadinessReport(status, details)
        {
            EventForwarding = new EventForwardingReadiness(
                spool.Batches, spool.Bytes, spool.IsFull, spool.Refused, forwarding.DroppedTotal, forwarder.ConsecutiveFailures, forwarder.LastForwardedAt),
        };
    }
}
