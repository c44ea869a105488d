using Vexil.Hosting.Configuration.Validation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Observability;

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
        var access = app.ServiceProvider.GetRequiredService<MetricsAccess>();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsAccess));
        if (app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Listen is { } listen)
        {
            MetricsAccess.LogListener(logger, listen);
        }
        else if (!access.Exposed)
        {
            MetricsAccess.LogNotExposed(logger);
        }

        app.MapGet("/metrics", ScrapeAsync).AllowAnonymous().ExcludeFromDescription(); // checked below: the scrape token or the metrics listener
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

    /// <summary>Metrics, who may scrape them, and the health check service; the role adds its readiness checks to the returned builder.</summary>
    public static IHealthChecksBuilder AddVexilObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<PrometheusExporter>();
        services.AddOptionsWithValidateOnStart<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateWith<MetricsOptions, MetricsOptionsValidator>();
        services.AddSingleton<MetricsAccess>();
        return services.AddHealthChecks();
    }

    private static IResult ScrapeAsync(HttpContext context, PrometheusExporter exporter, MetricsAccess access)
    {
        switch (access.Check(context))
        {
            case MetricsAccess.Verdict.Allowed:
                return TypedResults.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
            case MetricsAccess.Verdict.Unauthorized:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Metrics need the scrape token (Vexil:Metrics:Token) as a bearer token.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Metrics are not served on this listener: scrape Vexil:Metrics:Listen, or set Vexil:Metrics:Token and send it as a bearer token.");
        }
    }
}
