using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vexil.Server.Hosting;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>The real server (Kestrel, in process) on 127.0.0.1 and a free port, over SQLite in a temp folder or a given PostgreSQL.</summary>
public sealed class VexilTestServer : IAsyncDisposable
{
    public const string AdminPassword = "correct-horse-battery-staple";

    private readonly WebApplication _app;
    private readonly string _dataDir;

    private readonly bool _ownsDataDir;

    private VexilTestServer(WebApplication app, string dataDir, bool ownsDataDir, Uri address)
    {
        _app = app;
        _dataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<VexilTestServer> StartAsync(string? postgres = null, Action<WebApplicationBuilder>? configure = null, string? dataDirectory = null)
    {
        var dataDir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "vexil-test-" + Guid.NewGuid().ToString("N")[..10]);
        var app = VexilApp.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:DataDirectory"] = dataDir,
                ["Vexil:Listen"] = "http://127.0.0.1:0",
                ["Vexil:AdminPassword"] = AdminPassword,
                ["Vexil:Postgres"] = postgres,
                ["Vexil:MaxRequestBodyBytes"] = "65536",
                ["Vexil:Metrics:Token"] = Http.ScrapeToken,
            });
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VexilTestServer(app, dataDir, dataDirectory is null, new Uri(address));
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>A client signed in as the first administrator.</summary>
    public async Task<HttpClient> AdminAsync() => Client(await LoginAsync(Address, "admin", AdminPassword));

    public static async Task<string> LoginAsync(Uri address, string username, string password)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return body.GetProperty("token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataDir && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
