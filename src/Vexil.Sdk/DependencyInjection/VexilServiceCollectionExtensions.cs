using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
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
        services.AddOptions<VexilOptions>().Configure(configure);
        return AddClient(services);
    }

    /// <summary>
    /// Registers one <see cref="VexilClient"/> singleton whose options are bound from <paramref name="configuration"/>
    /// (typically <c>builder.Configuration.GetSection("Vexil")</c>: <c>SdkKey</c>, <c>BaseAddress</c>, <c>Mode</c>,
    /// <c>PollInterval</c>, <c>CacheFilePath</c>, …, named as the properties of <see cref="VexilOptions"/>), by generated
    /// code (no reflection: trimming- and AOT-safe), and validated when the host starts. Configuration reloads do not
    /// change a running client; a key that is not a setting stops the start. Otherwise as <see cref="AddVexil(IServiceCollection, Action{VexilOptions})"/>.
    /// </summary>
    public static IServiceCollection AddVexil(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VexilOptions>().Configure(options =>
        {
            // A misspelt setting ("SdkKye") is an error at start, not a silently default option.
            var settings = new VexilSettings();
            configuration.Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
            settings.ApplyTo(options);
        });
        return AddClient(services);
    }

    private static IServiceCollection AddClient(IServiceCollection services)
    {
        services.AddOptions<VexilOptions>().ValidateOnStart();
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
