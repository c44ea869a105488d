using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vexil.Sdk.Configuration;

namespace Vexil.Sdk.DependencyInjection;

/// <summary>Registers a <see cref="VexilClient"/>.</summary>
public static class VexilServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="VexilClient"/> singleton configured by <paramref name="configure"/>, its options
    /// validated when the host starts, logging through <see cref="ILoggerFactory"/>, metrics through
    /// <see cref="IMeterFactory"/> and time from <see cref="TimeProvider"/> (all optional). Registrations already made
    /// (for example a <see cref="TimeProvider"/>) are kept.
    /// </summary>
    public static IServiceCollection AddVexil(this IServiceCollection services, Action<VexilOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<VexilOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VexilOptions>, VexilOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new VexilClient(
            sp.GetRequiredService<IOptions<VexilOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<VexilClientStarter>();
        return services;
    }
}
