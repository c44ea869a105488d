using Microsoft.Extensions.DependencyInjection.Extensions;
using Vexil.Server.Ofrep.Usage;

namespace Vexil.Server.Ofrep;

/// <summary>Registers OFREP on the control plane (the shared core: <see cref="OfrepServiceCollectionExtensions"/>).</summary>
internal static class ControlPlaneOfrepServiceCollectionExtensions
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
}
