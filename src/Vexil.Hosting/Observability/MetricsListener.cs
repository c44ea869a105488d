using Vexil.Hosting.Configuration;

namespace Vexil.Hosting.Observability;

/// <summary>The metrics listener (<see cref="MetricsOptions.Listen"/>): added next to the API's, and kept to metrics and health.</summary>
internal static class MetricsListener
{
    private static readonly string[] Paths = ["/metrics", "/health/live", "/health/ready"];

    /// <summary>The addresses to listen on: the API's, and the metrics listener when one is configured (checked here, at start).</summary>
    public static string[] Addresses(IConfiguration configuration, string listen)
    {
        var metrics = configuration[$"{MetricsOptions.Section}:Listen"];
        if (string.IsNullOrWhiteSpace(metrics))
        {
            return [listen];
        }

        if (!Uri.TryCreate(metrics, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsDefaultPort && !metrics.Contains($":{uri.Port}", StringComparison.Ordinal) || uri.Port == 0 || uri.AbsolutePath != "/")
        {
            throw new ConfigurationException($"Vexil:Metrics:Listen is '{metrics}': it must be http(s)://host:port with an explicit port other than 0 and no path.");
        }

        foreach (var address in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (PortOf(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)) == uri.Port)
            {
                throw new ConfigurationException($"Vexil:Metrics:Listen ('{metrics}') must use another port than the API's address ('{listen}').");
            }
        }

        if (uri.Scheme == "https" && !listen.Contains("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"Vexil:Metrics:Listen is '{metrics}': HTTPS for metrics uses Vexil:Tls, which needs Vexil:Listen on https too.");
        }

        return [listen, metrics];
    }

    /// <summary>The port of a configured metrics listener, else null.</summary>
    public static int? PortOf(string? listen) =>
        !string.IsNullOrWhiteSpace(listen) && Uri.TryCreate(listen, UriKind.Absolute, out var uri) ? uri.Port : null;

    /// <summary>On the metrics listener, everything but metrics and health is 404: the admin API, delivery and OFREP are never reachable there.</summary>
    public static IApplicationBuilder UseVexilMetricsListener(this IApplicationBuilder app)
    {
        var access = app.ApplicationServices.GetRequiredService<MetricsAccess>();
        return app.Use((context, next) =>
        {
            if (access.OnMetricsListener(context) && !IsObservability(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    private static bool IsObservability(PathString path)
    {
        foreach (var allowed in Paths)
        {
            if (path.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
