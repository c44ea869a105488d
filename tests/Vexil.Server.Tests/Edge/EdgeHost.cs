using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vexil.Edge;

namespace Vexil.Server.Tests.Edge;

/// <summary>An edge in this process (real Kestrel on loopback), for tests that need no process boundary.</summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly bool _keepData;

    private EdgeHost(WebApplication app, Uri address, string dataDirectory, bool keepData)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _keepData = keepData;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an edge; its data folder is deleted when it stops unless <paramref name="keepData"/> (to restart on it).</summary>
    public static async Task<EdgeHost> StartAsync(Uri upstream, string key, string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, bool keepData = false)
    {
        var app = EdgeApp.Create(["--upstream", upstream.ToString()], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:Listen"] = "http://127.0.0.1:0",
                ["Vexil:Edge:Keys:0"] = key,
                ["Vexil:Edge:DataDirectory"] = dataDirectory,
                ["Vexil:Edge:ReconnectMinDelay"] = "00:00:00.050",
                ["Vexil:Edge:ReconnectMaxDelay"] = "00:00:00.500",
                ["Vexil:Metrics:Token"] = Infrastructure.Http.ScrapeToken,
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new EdgeHost(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), dataDirectory, keepData);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (!_keepData && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
