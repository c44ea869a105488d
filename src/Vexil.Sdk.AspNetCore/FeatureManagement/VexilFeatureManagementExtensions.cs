using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FeatureManagement;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>Makes Vexil the source of Microsoft.FeatureManagement's features.</summary>
public static class VexilFeatureManagementExtensions
{
    /// <summary>
    /// Registers Microsoft.FeatureManagement with Vexil boolean flags as its features (replacing the configuration
    /// provider), the "Vexil" filter, <see cref="HttpContextVexilContextAccessor"/> unless another
    /// <see cref="IVexilContextAccessor"/> is registered, and <see cref="VexilVariantFeatureManager"/> as its
    /// <see cref="IVariantFeatureManager"/> (variants are Vexil variations, for flags of every type). Call <c>AddVexil</c> too.
    /// </summary>
    public static IFeatureManagementBuilder AddVexilFeatureManagement(this IServiceCollection services, Action<VexilFeatureManagementOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IVexilContextAccessor, HttpContextVexilContextAccessor>();
        services.RemoveAll<IFeatureDefinitionProvider>();
        services.AddSingleton<IFeatureDefinitionProvider, VexilFeatureDefinitionProvider>();
        var options = services.AddOptions<VexilFeatureManagementOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = services.AddFeatureManagement().AddFeatureFilter<VexilFeatureFilter>().AddFeatureFilter<ContextualVexilFeatureFilter>();
        services.RemoveAll<IVariantFeatureManager>();
        services.RemoveAll<IVariantFeatureManagerSnapshot>();
        services.AddSingleton<VexilVariantFeatureManager>();
        services.AddSingleton<IVariantFeatureManager>(sp => sp.GetRequiredService<VexilVariantFeatureManager>());
        services.AddSingleton<IVariantFeatureManagerSnapshot>(sp => sp.GetRequiredService<VexilVariantFeatureManager>());
        return builder;
    }
}
