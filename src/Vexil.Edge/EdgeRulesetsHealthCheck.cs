using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Hosting.Observability;

namespace Vexil.Edge;

/// <summary>
/// An edge's readiness, as before, through a health check: healthy (<c>ready</c>) when every environment follows its
/// upstream live; degraded (<c>stale</c>, still 200: it serves) when some serve a last-known-good ruleset, with how long
/// since each was last in step, or when the upstream refuses the edge's key for some (<c>refused</c>: that environment
/// is not served); unhealthy (<c>unavailable</c>, 503) when some environment has no ruleset at all.
/// </summary>
internal sealed class EdgeRulesetsHealthCheck(EdgeEnvironments environments, TimeProvider time) : IHealthCheck
{
    public const string Name = "rulesets";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var details = new List<EnvironmentReadiness>(environments.All.Count);
        var status = HealthStatus.Healthy;
        foreach (var environment in environments.All)
        {
            var current = environment.Current;
            var stale = !environment.Connected;
            double? age = stale && environment.SyncedAt is { } at ? Math.Round((now - at).TotalSeconds, 1) : null;
            details.Add(new EnvironmentReadiness(environment.Name, current?.Version ?? 0, stale, age, environment.Source) { Refused = environment.Refused });
            if (current is null)
            {
                status = HealthStatus.Unhealthy;
            }
            else if ((stale || environment.Refused) && status == HealthStatus.Healthy)
            {
                status = HealthStatus.Degraded;
            }
        }

        var description = status switch
        {
            HealthStatus.Healthy => "Every environment follows its upstream live.",
            HealthStatus.Degraded => "Some environment serves its last-known-good ruleset, or its key is refused by the upstream.",
            _ => "Some environment has no ruleset yet.",
        };
        return Task.FromResult(new HealthCheckResult(status, description, data: new Dictionary<string, object>
        {
            [ReadinessData.Environments] = details,
            [ReadinessData.DegradedStatus] = "stale",
        }));
    }
}
