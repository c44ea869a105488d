using Vexil.Hosting.Configuration.Validation;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vexil.Hosting.Delivery;

/// <summary>Registers what the control plane and the edge share to serve the delivery protocol.</summary>
internal static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddVexilDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.Section))
            .ValidateWith<DeliveryOptions, DeliveryOptionsValidator>()
            .Validate(o => o.ClientKeyStreamBudget <= o.MaxStreams, "MaxClientKeyStreams must not exceed MaxStreams (it is a budget within it).");
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<StreamLimiter>();
        services.TryAddSingleton<OpenStreams>();
        services.TryAddSingleton<StreamKeyChecker>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamKeyChecker>());
        services.AddHostedService<HeartbeatService>();

        // Rulesets compress well. Only /sdk/v1/ruleset is compressed (see UseVexilResponseCompression), also over
        // HTTPS: its body reflects nothing from the request, so compression cannot leak a secret (BREACH).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>
    /// Compresses whole rulesets only: not the admin API (its answers may carry secrets next to request input) and
    /// not event streams (never compressed; they should not pay for the middleware's body wrapper on every event).
    /// </summary>
    public static IApplicationBuilder UseVexilResponseCompression(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.Equals("/sdk/v1/ruleset", StringComparison.OrdinalIgnoreCase), a => a.UseResponseCompression());
}
