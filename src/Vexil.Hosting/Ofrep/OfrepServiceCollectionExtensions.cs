using Microsoft.Extensions.DependencyInjection.Extensions;
using Vexil.Server.Ofrep.Usage;

namespace Vexil.Server.Ofrep;

/// <summary>Registers OFREP remote evaluation.</summary>
internal static class OfrepServiceCollectionExtensions
{
    /// <summary>OFREP on the control plane: each SDK key evaluates its environment's ruleset from the store.</summary>
    public static IServiceCollection AddVexilOfrep(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IOfrepRulesetSource, ControlPlaneOfrepSource>();
        services.TryAddSingleton<IKnownOrigins, ControlPlaneKnownOrigins>();
        services.TryAddSingleton<IOfrepStreamCallers, ControlPlaneStreamCallers>();
        services.TryAddSingleton<ControlPlaneEvaluationSummaries>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlPlaneEvaluationSummaries>());
        return services.AddVexilOfrepCore(configuration);
    }

    /// <summary>OFREP's options and rate limiter; the caller registers its <see cref="IOfrepRulesetSource"/>.</summary>
    public static IServiceCollection AddVexilOfrepCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<OfrepOptions>()
            .Bind(configuration.GetSection(OfrepOptions.Section))
            .ValidateDataAnnotations();
        services.TryAddSingleton<OfrepRateLimiter>();
        services.AddMetrics();
        services.TryAddSingleton<OfrepMetrics>();
        return services;
    }
}
