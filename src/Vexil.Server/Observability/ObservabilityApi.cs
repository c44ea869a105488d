using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vexil.Server.Observability;

/// <summary>
/// <c>/metrics</c> (Prometheus text), <c>/health/live</c> (the process answers; runs no check) and <c>/health/ready</c>
/// (the role's <see cref="IHealthCheck"/>s tagged <see cref="HealthTags.Ready"/>: 200 when healthy or degraded, 503 when
/// any is unhealthy); unauthenticated, for operators' scrapers and probes.
/// </summary>
internal static class ObservabilityApi
{
    private static readonly string[] Get = ["GET"];

    public static void MapObservabilityApi(this IEndpointRouteBuilder app)
    {
        // Created now, so it counts from the start.
        _ = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = ReadinessResponseWriter.WriteLiveAsync })
            .WithMetadata(new HttpMethodMetadata(Get))
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = static r => r.Tags.Contains(HealthTags.Ready),
            ResponseWriter = ReadinessResponseWriter.WriteReadyAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithMetadata(new HttpMethodMetadata(Get)).ExcludeFromDescription();
    }

    /// <summary>Metrics and the health check service; the role adds its readiness checks to the returned builder.</summary>
    public static IHealthChecksBuilder AddVexilObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PrometheusExporter>();
        return services.AddHealthChecks();
    }
}
