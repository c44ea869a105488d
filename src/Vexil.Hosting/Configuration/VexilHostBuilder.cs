namespace Vexil.Hosting.Configuration;

/// <summary>
/// The start every role shares: refuse secrets on the command line, load the <c>--config</c> file, apply the caller's
/// (tests') configuration, then read secrets from their <c>…File</c> settings.
/// </summary>
internal static class VexilHostBuilder
{
    public static WebApplicationBuilder Create(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var (rest, configFile) = ConfigFile.Extract(args);
        SecretSettings.EnsureNoneOnCommandLine(rest);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
        if (configFile is not null)
        {
            ConfigFile.Add(builder.Configuration, configFile);
        }

        // A start that cannot listen is explained in one sentence by Program (ListenFailure), not by the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        configure?.Invoke(builder);
        SecretSettings.ReadFiles(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Listens where <see cref="ListenAddress"/> resolves (<c>Vexil:Listen</c>, else <c>--urls</c>/<c>ASPNETCORE_URLS</c>,
    /// else <c>ASPNETCORE_HTTP(S)_PORTS</c>, else <paramref name="roleDefault"/>), and on the metrics listener when
    /// <c>Vexil:Metrics:Listen</c> is set, with HTTPS from <c>Vexil:Tls</c> when an address is https.
    /// </summary>
    public static ListenAddress Listen(WebApplicationBuilder builder, string roleDefault)
    {
        var listen = ListenAddress.Resolve(builder.Configuration, roleDefault);
        builder.WebHost.UseUrls(Observability.MetricsListener.Addresses(builder.Configuration, listen.Value));
        TlsSetup.Configure(builder, listen);
        return listen;
    }
}
