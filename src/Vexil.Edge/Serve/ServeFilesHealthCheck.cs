using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Hosting.Observability;

namespace Vexil.Edge.Serve;

/// <summary><c>vexil serve</c>'s readiness: healthy once the flag files have loaded (a rejected reload keeps the last good ruleset, so stays healthy); unhealthy before.</summary>
internal sealed class ServeFilesHealthCheck(FlagFileRuleset ruleset) : IHealthCheck
{
    public const string Name = "files";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ruleset.Current is { } current
            ? HealthCheckResult.Healthy("The flag files are loaded.", new Dictionary<string, object>
            {
                [ReadinessData.Environments] = new List<EnvironmentReadiness> { new(FlagFileRuleset.Scope, current.Version, false, null, "files") },
            })
            : HealthCheckResult.Unhealthy("The flag files have not loaded yet."));
}
