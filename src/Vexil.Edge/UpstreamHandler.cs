using Microsoft.Extensions.Options;
using Vexil.Hosting.Configuration;

namespace Vexil.Edge;

/// <summary>The edge's HTTP handler to its upstream; with <see cref="EdgeOptions.UpstreamCaFile"/>, trusts only that CA.</summary>
internal static partial class UpstreamHandler
{
    /// <summary>The named client every upstream request of the edge goes through.</summary>
    public const string HttpClientName = "vexil-upstream";

    public static HttpMessageHandler Create(IServiceProvider services)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // The followers keep one client for the process's life: new connections pick up DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        var caFile = services.GetRequiredService<IOptions<EdgeOptions>>().Value.UpstreamCaFile;
        if (!string.IsNullOrWhiteSpace(caFile))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UpstreamHandler));
            handler.SslOptions.RemoteCertificateValidationCallback = CaTrust.Callback(CaTrust.Load(caFile), reason => LogRejected(logger, reason, caFile));
        }

        return handler;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the upstream's TLS certificate: {Reason} (Vexil:Edge:UpstreamCaFile is {CaFile})")]
    private static partial void LogRejected(ILogger logger, string reason, string caFile);
}
