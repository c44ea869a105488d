using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Delivery;
using Vexil.Server.Hosting;
using Vexil.Server.Hosting.Configuration;
using Vexil.Server.Edge.Events;
using Vexil.Server.Observability;
using Vexil.Server.Ofrep;
using Vexil.Server.Sdk;

namespace Vexil.Server.Edge;

/// <summary>
/// <c>vexil edge --upstream URL</c>: holds the rulesets of the environments whose server keys it was given, follows
/// its upstream's stream, keeps a last-known-good copy on disk, and serves the same delivery protocol downstream.
/// </summary>
internal static class EdgeApp
{
    public const string DefaultListen = "http://127.0.0.1:5081";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        args = [.. args.Select(a => a switch
        {
            "--upstream" => $"--{EdgeOptions.Section}:Upstream",
            "--listen" => "--Vexil:Listen",
            "--data" => $"--{EdgeOptions.Section}:DataDirectory",
            "--keys-file" => $"--{EdgeOptions.Section}:KeysFile",
            _ when a.StartsWith("--upstream=", StringComparison.Ordinal) => $"--{EdgeOptions.Section}:Upstream={a["--upstream=".Length..]}",
            _ => a,
        })];
        var builder = VexilHostBuilder.Create(args, configure);
        Observability.Tracing.TracingSetup.Add(builder, "vexil-edge");
        var listen = VexilHostBuilder.Listen(builder, DefaultListen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        var inline = builder.Configuration.GetSection(EdgeOptions.Section).GetValue(nameof(EdgeOptions.InlineSocketScheduling), true);
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = inline);
        builder.Services.AddVexilEdge(builder.Configuration);

        var app = builder.Build();
        ListenLog.Report(app, listen);
        app.UseVexilHsts(listen);
        app.UseVexilMetricsListener();
        app.UseVexilResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseVexilProtocolHeader();
        app.UseOfrepCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => TypedResults.Ok("ok")).ExcludeFromDescription();
        app.MapDeliveryApi();
        app.MapOfrepApi();
        app.MapEdgeEventsApi();
        app.MapObservabilityApi();
        _ = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        return app;
    }

    public static IServiceCollection AddVexilEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<EdgeOptions>()
            .Bind(configuration.GetSection(EdgeOptions.Section))
            .ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.AddVexilDelivery(configuration);
        services.TryAddSingleton<EdgeEnvironments>();
        services.TryAddSingleton<IDeliverySource>(sp => sp.GetRequiredService<EdgeEnvironments>());
        services.TryAddSingleton<IOfrepRulesetSource, EdgeOfrepSource>();
        services.TryAddSingleton<IClientKeySource, EdgeClientKeySource>();
        services.TryAddSingleton<IKnownOrigins, EdgeKnownOrigins>();
        services.TryAddSingleton<IOfrepStreamCallers, EdgeStreamCallers>();
        services.TryAddSingleton<IStreamKeyAuthority, EdgeStreamKeys>();
        services.TryAddSingleton<UpstreamKeyRefusals>();
        services.AddVexilOfrepCore(configuration);
        services.AddHttpClient(UpstreamHandler.HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;
                c.DefaultRequestHeaders.UserAgent.Add(VexilVersion.UserAgent("edge"));
            })
            .ConfigurePrimaryHttpMessageHandler(UpstreamHandler.Create);
        services.AddHostedService<EdgeFollowers>();
        services.AddHostedService<ClientKeyFollower>();
        services.AddVexilEdgeEvents(configuration);
        services.AddVexilObservability(configuration)
            .AddCheck<EdgeRulesetsHealthCheck>(EdgeRulesetsHealthCheck.Name, tags: [HealthTags.Ready])
            .AddCheck<EventForwardingHealthCheck>(EventForwardingHealthCheck.Name, tags: [HealthTags.Ready]);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        EdgeAuthenticationHandler.Register(services);
        services.AddAuthorization(VexilPolicies.Add);
        return services;
    }
}
