using Microsoft.AspNetCore.Http.HttpResults;

namespace Vexil.Server.Observability;

/// <summary><c>/metrics</c> (Prometheus text), <c>/health/live</c> and <c>/health/ready</c>; unauthenticated, for operators' scrapers and probes.</summary>
internal static class ObservabilityApi
{
    public static void MapObservabilityApi(this IEndpointRouteBuilder app)
    {
        // Created now, so it counts from the start.
        _ = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGet("/health/live", () => TypedResults.Ok(new LiveResponse("live"))).ExcludeFromDescription();
        app.MapGet("/health/ready", Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>> (IReadinessProbe probe) =>
        {
            var report = probe.Check();
            return report.CanServe ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
    }

    public static IServiceCollection AddVexilObservability<TProbe>(this IServiceCollection services)
        where TProbe : class, IReadinessProbe
    {
        services.AddMetrics();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<IReadinessProbe, TProbe>();
        return services;
    }
}
