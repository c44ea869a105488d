namespace Vexil.Server.Hosting.Configuration;

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
    /// Listens on <paramref name="listen"/>, and on the metrics listener when <c>Vexil:Metrics:Listen</c> is set, with
    /// HTTPS from <c>Vexil:Tls</c> when it is an https address.
    /// </summary>
    public static void Listen(WebApplicationBuilder builder, string listen)
    {
        builder.WebHost.UseUrls(Observability.MetricsListener.Addresses(builder.Configuration, listen));
        TlsSetup.Configure(builder, listen);
    }
}
