using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vexil.Server.Ofrep;

/// <summary>Registers OFREP remote evaluation.</summary>
internal static class OfrepServiceCollectionExtensions
{
    public static IServiceCollection AddVexilOfrep(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<OfrepOptions>()
            .Bind(configuration.GetSection(OfrepOptions.Section))
            .ValidateDataAnnotations();
        services.TryAddSingleton<OfrepRateLimiter>();
        return services;
    }
}
