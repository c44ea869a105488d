using Vexil.Hosting.Configuration.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Api;
using Vexil.Hosting.Auth;
using Vexil.Hosting;
using Vexil.Hosting.Configuration;
using Vexil.Edge.Events;
using Vexil.Hosting.Observability;
using Vexil.Hosting.Observability.Tracing;
using Vexil.Hosting.Ofrep;
using Vexil.Hosting.Pipeline;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

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
        TracingSetup.Add(builder, "vexil-edge");
        var listen = VexilHostBuilder.Listen(builder, DefaultListen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        var inline = builder.Configuration.GetSection(EdgeOptions.Section).GetValue(nameof(EdgeOptions.InlineSocketScheduling), true);
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = inline);
        builder.Services.AddVexilEdge(builder.Configuration);

        var app = builder.Build();
        app.UseVexilPipeline(new PipelineOptions(listen) { ServesDelivery = true, ServesBrowsers = true });
        app.MapVexilLiveness();
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
            .ValidateWith<EdgeOptions, EdgeOptionsValidator>();
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
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions).TypeInfoResolverChain.Add(HostingJsonContext.Default));
        EdgeAuthenticationHandler.Register(services);
        services.AddAuthorization(SdkKeyPolicies.Add);
        return services;
    }
}
