using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vexil.Server.Hosting;

namespace Vexil.Server.Tests.Edge;

/// <summary>An edge in this process (real Kestrel on loopback), for tests that need no process boundary.</summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EdgeHost(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EdgeHost> StartAsync(Uri upstream, string key, string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = VexilApp.Create(["edge", "--upstream", upstream.ToString()], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:Listen"] = "http://127.0.0.1:0",
                ["Vexil:Edge:Keys:0"] = key,
                ["Vexil:Edge:DataDirectory"] = dataDirectory,
                ["Vexil:Edge:ReconnectMinDelay"] = "00:00:00.050",
                ["Vexil:Edge:ReconnectMaxDelay"] = "00:00:00.500",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new EdgeHost(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
