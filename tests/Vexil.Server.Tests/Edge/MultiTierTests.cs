using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// Real processes on loopback: a control plane, a first-tier edge following it, a second-tier edge following the
/// first, and streaming subscribers.
/// </summary>
public sealed class MultiTierTests
{
    [Fact(Timeout = 120_000)]
    public async Task WriteThroughTheControlPlane_IsReadThroughASecondTierEdge_WithMinVersion()
    {
        await using var tiers = await Tiers.StartAsync();
        await using var subscriber = await SseTestClient.ConnectAsync(tiers.Edge2.Address, tiers.Setup.ServerKey);
        var start = await subscriber.NextAsync();
        Assert.Equal("ruleset", start.Type);

        var version = await tiers.Setup.ToggleAsync(tiers.Admin, "f", true);
        using var response = await RulesetAsync(tiers.Edge2.Address, tiers.Setup.ServerKey, minVersion: version);
        var change = await subscriber.NextAsync();

        Assert.Equal("true", response.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Equal($"\"{version}\"", response.Headers.ETag!.Tag);
        Assert.True(DeliverySetup.IsEnabled(await response.JsonAsync(), "f"));
        Assert.Equal(("change", version), (change.Type, change.Version));
        Assert.True(change.Json.TryGetProperty("committedAt", out _));

        using var beyond = await RulesetAsync(tiers.Edge2.Address, tiers.Setup.ServerKey, minVersion: version + 50);
        Assert.Equal("false", beyond.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        using var metrics = new HttpClient { BaseAddress = tiers.Edge2.Address };
        var text = await metrics.ScrapeAsync();
        Assert.Contains("vexil_delivery_propagation_lag_seconds_count 1", text, StringComparison.Ordinal);
        Assert.Contains("vexil_delivery_streams 1", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task UpstreamKilledMidStream_SubscribersKeepTheirRules_AndAfterRestartEveryChangeArrivesOnceInOrder()
    {
        await using var tiers = await Tiers.StartAsync();
        await using var onEdge2 = await SseTestClient.ConnectAsync(tiers.Edge2.Address, tiers.Setup.ServerKey);
        await using var onEdge1 = await SseTestClient.ConnectAsync(tiers.Edge1.Address, tiers.Setup.ServerKey);
        var before = await tiers.Setup.ToggleAsync(tiers.Admin, "f", true);
        Assert.Equal(before, (await onEdge2.UntilVersionAsync(before))[^1].Version);
        Assert.Equal(before, (await onEdge1.UntilVersionAsync(before))[^1].Version);

        await tiers.ControlPlane.KillAsync();
        using (var kept = await RulesetAsync(tiers.Edge2.Address, tiers.Setup.ServerKey))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            Assert.True(DeliverySetup.IsEnabled(await kept.JsonAsync(), "f"));
        }

        var ready = await ReadinessAsync(tiers.Edge1.Address, until: r => r.GetProperty("status").GetString() == "stale");
        Assert.True(ready.GetProperty("environments")[0].GetProperty("stale").GetBoolean());

        await tiers.RestartControlPlaneAsync();
        var expected = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            expected.Add(await tiers.Setup.ToggleAsync(tiers.Admin, "f", i % 2 == 1));
        }

        var received = await onEdge2.UntilVersionAsync(expected[^1], TimeSpan.FromSeconds(20));
        Assert.Equal(expected, received.Select(e => e.Version));
        Assert.All(received, e => Assert.Equal("change", e.Type));
        Assert.Equal(expected, (await onEdge1.UntilVersionAsync(expected[^1], TimeSpan.FromSeconds(20))).Select(e => e.Version));
        await ReadinessAsync(tiers.Edge1.Address, until: r => r.GetProperty("status").GetString() == "ready");
    }

    [Fact(Timeout = 120_000)]
    public async Task EdgeRestartedWhileItsUpstreamIsDown_ServesFromDiskAtOnce_AndSaysItIsStale()
    {
        await using var tiers = await Tiers.StartAsync(secondTier: false);
        var version = await tiers.Setup.ToggleAsync(tiers.Admin, "f", true);
        (await RulesetAsync(tiers.Edge1.Address, tiers.Setup.ServerKey, minVersion: version)).Dispose();
        await SavedVersionAsync(tiers.Edge1Data, version); // the file follows the applied version within milliseconds

        await tiers.Edge1.KillAsync();
        await tiers.ControlPlane.KillAsync();
        var started = Stopwatch.StartNew();
        await using var restarted = await VexilProcess.StartEdgeAsync(tiers.ControlPlane.Address, [tiers.Setup.ServerKey], tiers.Edge1Data);
        using var response = await RulesetAsync(restarted.Address, tiers.Setup.ServerKey);
        TestContext.Current.TestOutputHelper?.WriteLine($"edge start to serving from disk: {started.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{version}\"", response.Headers.ETag!.Tag);
        Assert.True(DeliverySetup.IsEnabled(await response.JsonAsync(), "f"));
        var readiness = await ReadinessAsync(restarted.Address, until: _ => true);
        var environment = readiness.GetProperty("environments")[0];
        Assert.Equal("stale", readiness.GetProperty("status").GetString());
        Assert.Equal("disk", environment.GetProperty("source").GetString());
        Assert.True(environment.GetProperty("staleSeconds").GetDouble() >= 0);
    }

    private static async Task<HttpResponseMessage> RulesetAsync(Uri server, string key, long? minVersion = null)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (minVersion is { } min)
        {
            request.Headers.TryAddWithoutValidation("Vexil-Min-Version", min.ToString(CultureInfo.InvariantCulture));
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task SavedVersionAsync(string directory, long version)
    {
        for (var attempt = 0; ; attempt++)
        {
            var file = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.ruleset.json").SingleOrDefault() : null;
            if (file is not null && JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).RootElement.GetProperty("version").GetInt64() == version)
            {
                return;
            }

            Assert.True(attempt < 100, $"the last-known-good file never reached version {version}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> ReadinessAsync(Uri server, Func<JsonElement, bool> until)
    {
        using var http = new HttpClient { BaseAddress = server };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var body = await response.JsonAsync();
            if (until(body))
            {
                return body;
            }

            Assert.True(attempt < 100, $"readiness never matched: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Control plane, edge 1 (upstream: control plane), edge 2 (upstream: edge 1), and one environment's server key.</summary>
    private sealed class Tiers : IAsyncDisposable
    {
        private static readonly Dictionary<string, string> QuickMinVersion = new() { ["Vexil:Delivery:MinVersionWait"] = "00:00:01" };

        private readonly string _root = Path.Combine(Path.GetTempPath(), "vexil-tiers-" + Guid.NewGuid().ToString("N")[..8]);

        public VexilProcess ControlPlane { get; private set; } = null!;

        public VexilProcess Edge1 { get; private set; } = null!;

        public VexilProcess? Edge2Process { get; private set; }

        public VexilProcess Edge2 => Edge2Process!;

        public HttpClient Admin { get; private set; } = null!;

        public DeliverySetup Setup { get; private set; } = null!;

        public string Edge1Data => Path.Combine(_root, "edge1");

        public static async Task<Tiers> StartAsync(bool secondTier = true)
        {
            var tiers = new Tiers();
            tiers.ControlPlane = await VexilProcess.StartAsync(Path.Combine(tiers._root, "cp"));
            tiers.Admin = await AdminAsync(tiers.ControlPlane.Address);
            tiers.Setup = await DeliverySetup.CreateAsync(tiers.Admin);
            tiers.Edge1 = await VexilProcess.StartEdgeAsync(tiers.ControlPlane.Address, [tiers.Setup.ServerKey], tiers.Edge1Data, settings: QuickMinVersion);
            if (secondTier)
            {
                tiers.Edge2Process = await VexilProcess.StartEdgeAsync(tiers.Edge1.Address, [tiers.Setup.ServerKey], Path.Combine(tiers._root, "edge2"), settings: QuickMinVersion);
            }

            return tiers;
        }

        public async Task RestartControlPlaneAsync()
        {
            ControlPlane = await VexilProcess.StartAsync(Path.Combine(_root, "cp"), port: ControlPlane.Port);
            Admin.Dispose();
            Admin = await AdminAsync(ControlPlane.Address);
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            if (Edge2Process is not null)
            {
                await Edge2Process.DisposeAsync();
            }

            await Edge1.DisposeAsync();
            await ControlPlane.DisposeAsync();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static async Task<HttpClient> AdminAsync(Uri address)
        {
            var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(address, "admin", VexilTestServer.AdminPassword));
            return client;
        }
    }
}
