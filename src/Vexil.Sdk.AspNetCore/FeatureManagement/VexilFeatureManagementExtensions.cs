using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FeatureManagement;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>Makes Vexil the source of Microsoft.FeatureManagement's features.</summary>
public static class VexilFeatureManagementExtensions
{
    /// <summary>
    /// Registers Microsoft.FeatureManagement with Vexil boolean flags as its features (replacing the configuration
    /// provider), the "Vexil" filter, and <see cref="HttpContextVexilContextAccessor"/> unless another
    /// <see cref="IVexilContextAccessor"/> is registered. Call <c>AddVexil</c> too.
    /// </summary>
    public static IFeatureManagementBuilder AddVexilFeatureManagement(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IVexilContextAccessor, HttpContextVexilContextAccessor>();
        services.RemoveAll<IFeatureDefinitionProvider>();
        services.AddSingleton<IFeatureDefinitionProvider, VexilFeatureDefinitionProvider>();
        return services.AddFeatureManagement().AddFeatureFilter<VexilFeatureFilter>().AddFeatureFilter<ContextualVexilFeatureFilter>();
    }
}
