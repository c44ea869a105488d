using Vexil.Hosting.Configuration.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Api;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Configuration;
using Vexil.Hosting.Observability;
using Vexil.Hosting.Observability.Tracing;
using Vexil.Hosting.Ofrep;
using Vexil.Hosting.Pipeline;

namespace Vexil.Edge.Serve;

/// <summary>
/// <c>vexil serve --flags-file FILE [--flags-file FILE2 ...]</c>: a drop-in for flagd's file mode. Serves OFREP from
/// flagd flag files (merged in order, later wins), reloads them when they change, and keeps the last good ruleset
/// when a change fails to validate.
/// </summary>
internal static class ServeApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = VexilHostBuilder.Create(TranslateArguments(args), configure);
        TracingSetup.Add(builder, "vexil-serve");
        var configured = builder.Configuration.GetSection(ServeOptions.Section).Get<ServeOptions>() ?? new ServeOptions();
        ServeKeys.EnsureLoopbackWithoutKeys(ListenAddress.Resolve(builder.Configuration, ServeOptions.DefaultListen).Value, ServeKeys.Read(configured).Count > 0);
        var listen = VexilHostBuilder.Listen(builder, ServeOptions.DefaultListen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.AddVexilServe(builder.Configuration);

        var app = builder.Build();
        var keys = app.Services.GetRequiredService<ServeKeys>();
        app.UseVexilPipeline(new PipelineOptions(listen));
        app.MapVexilLiveness();
        app.MapOfrepApi(keys.Required ? SdkKeyPolicies.AnySdkKey : null);
        app.MapObservabilityApi();
        _ = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
        return app;
    }

    public static IServiceCollection AddVexilServe(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<ServeOptions>()
            .Bind(configuration.GetSection(ServeOptions.Section))
            .ValidateWith<ServeOptions, ServeOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FlagFileRuleset>();
        services.TryAddSingleton<IOfrepRulesetSource>(sp => sp.GetRequiredService<FlagFileRuleset>());
        services.TryAddSingleton<ServeKeys>();
        services.AddVexilOfrepCore(configuration);
        services.AddHostedService<FlagFileWatcher>();
        services.AddVexilObservability(configuration)
            .AddCheck<ServeFilesHealthCheck>(ServeFilesHealthCheck.Name, tags: [HealthTags.Ready]);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions).TypeInfoResolverChain.Add(HostingJsonContext.Default));
        ServeAuthenticationHandler.Register(services);
        services.AddAuthorization(SdkKeyPolicies.Add);
        return services;
    }

    /// <summary>
    /// <c>--flags-file FILE</c> (repeatable, or <c>--flags-file=FILE</c>) becomes <c>Vexil:Serve:FlagsFiles:i</c>,
    /// <c>--keys-file</c> <c>Vexil:Serve:KeysFile</c> and <c>--listen</c> <c>Vexil:Listen</c>; the rest is configuration.
    /// </summary>
    internal static string[] TranslateArguments(string[] args)
    {
        var translated = new List<string>(args.Length);
        var files = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--flags-file" && i + 1 < args.Length)
            {
                translated.Add($"--{ServeOptions.Section}:FlagsFiles:{files++}={args[++i]}");
            }
            else if (arg.StartsWith("--flags-file=", StringComparison.Ordinal))
            {
                translated.Add($"--{ServeOptions.Section}:FlagsFiles:{files++}={arg["--flags-file=".Length..]}");
            }
            else
            {
                translated.Add(arg switch
                {
                    "--keys-file" => $"--{ServeOptions.Section}:KeysFile",
                    "--listen" => "--Vexil:Listen",
                    _ => arg,
                });
            }
        }

        return [.. translated];
    }
}
