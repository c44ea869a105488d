using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vexil.Sdk.AspNetCore.HealthChecks;

/// <summary>Adds the Vexil health check.</summary>
public static class VexilHealthChecksBuilderExtensions
{
    /// <summary>Adds a check of the registered <see cref="VexilClient"/>'s status, named <paramref name="name"/>.</summary>
    public static IHealthChecksBuilder AddVexil(this IHealthChecksBuilder builder, string name = "vexil", HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new HealthCheckRegistration(name, sp => new VexilHealthCheck(sp.GetRequiredService<VexilClient>()), failureStatus, tags));
        return builder;
    }
}
