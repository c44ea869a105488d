using Vexil.Hosting.Configuration.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vexil.Hosting.Ofrep;

/// <summary>Registers OFREP remote evaluation.</summary>
internal static class OfrepServiceCollectionExtensions
{
    /// <summary>OFREP's options and rate limiter; the caller registers its <see cref="IOfrepRulesetSource"/>.</summary>
    public static IServiceCollection AddVexilOfrepCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<OfrepOptions>()
            .Bind(configuration.GetSection(OfrepOptions.Section))
            .ValidateWith<OfrepOptions, OfrepOptionsValidator>();
        services.TryAddSingleton<OfrepRateLimiter>();
        services.AddMetrics();
        services.TryAddSingleton<OfrepMetrics>();
        return services;
    }
}
