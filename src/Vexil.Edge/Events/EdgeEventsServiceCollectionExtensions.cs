using Vexil.Hosting.Configuration.Validation;
using Microsoft.Extensions.Options;
using Vexil.Events;
using Vexil.Events.Ingestion;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Events;

namespace Vexil.Edge.Events;

/// <summary>Events on an edge: <c>POST /events/v1/bulk</c> into a bounded durable spool, forwarded upstream, plus the edge's own summaries.</summary>
internal static class EdgeEventsServiceCollectionExtensions
{
    public static IServiceCollection AddVexilEdgeEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<EdgeEventsOptions>()
            .Bind(configuration.GetSection(EdgeEventsOptions.Section))
            .ValidateWith<EdgeEventsOptions, EdgeEventsOptionsValidator>()
            .Validate(o => o.RetryMinDelay <= o.RetryMaxDelay, "RetryMinDelay must not exceed RetryMaxDelay.");
        services.AddSingleton<EventSpool>();
        services.AddSingleton<ForwardMetrics>();
        services.AddSingleton(sp => new EventsMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        // The control plane's validator and size limits, publishing into the spool instead of the events bus.
        services.AddSingleton<IEventIngestor>(sp => new EventIngestor(
            sp.GetRequiredService<EventSpool>(),
            EventsOptions.Default,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EventsMetrics>(),
            sp.GetRequiredService<ILogger<EventIngestor>>()));
        services.AddHttpClient(EventForwarder.HttpClientName, (sp, c) =>
            {
                c.Timeout = sp.GetRequiredService<IOptions<EdgeEventsOptions>>().Value.ForwardTimeout;
                c.DefaultRequestHeaders.UserAgent.Add(Hosting.VexilVersion.UserAgent("edge"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
        services.AddSingleton<EventForwarder>();
        services.AddHostedService(sp => sp.GetRequiredService<EventForwarder>());
        services.AddSingleton<EdgeEvaluationSummaries>();
        services.AddHostedService(sp => sp.GetRequiredService<EdgeEvaluationSummaries>());
        return services;
    }

    /// <summary>
    /// <c>POST /events/v1/bulk</c> with the control plane's handler and policy (any key the edge authenticates); the
    /// batch is spooled under the environment's file name, which stays the same across restarts.
    /// </summary>
    public static void MapEdgeEventsApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider; // resolved per call: a bad key configuration fails the start, not the mapping
        app.MapEventsApi(user => services.GetRequiredService<EdgeEnvironments>().All[(int)user.EnvironmentOf()!.Value - 1].FileName);
    }
}
