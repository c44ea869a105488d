using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Sdk.Status;

namespace Vexil.Sdk.AspNetCore.HealthChecks;

/// <summary>
/// Reports a <see cref="VexilClient"/>'s status: Ready is healthy; Stale, or Initializing with cached rules, is
/// degraded (flags evaluate with the last rules seen); Initializing without rules, or Offline, is unhealthy.
/// </summary>
public sealed class VexilHealthCheck(VexilClient client) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = client.Status;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["state"] = status.State.ToString(),
            ["version"] = client.Ruleset.Version,
        };
        if (status.LastUpdated is { } updated)
        {
            data["lastUpdated"] = updated;
        }

        var description = status.LastError is null ? $"Vexil rules v{client.Ruleset.Version}: {status.State}" : $"Vexil rules v{client.Ruleset.Version}: {status.State} ({status.LastError})";
        var result = status.State switch
        {
            VexilState.Ready => HealthCheckResult.Healthy(description, data),
            VexilState.Stale => HealthCheckResult.Degraded(description, data: data),
            VexilState.Initializing when client.Ruleset.Flags.Count > 0 => HealthCheckResult.Degraded(description, data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, description, data: data),
        };
        return Task.FromResult(result);
    }
}
