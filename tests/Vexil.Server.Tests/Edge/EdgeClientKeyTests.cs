using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Server.Tests.Ofrep;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// Client keys on edges, with real processes on loopback: a control plane, a first-tier edge and a second-tier edge
/// that learn the environment's client keys (hashes, origins, expiry) through the delivery protocol.
/// </summary>
public sealed class EdgeClientKeyTests
{
    private const string App = "https://app.example.com";

    private static readonly Dictionary<string, string> Quick = new()
    {
        ["Vexil:Edge:ClientKeyRefresh"] = "00:00:00.200",
        ["Vexil:Delivery:MinVersionWait"] = "00:00:01",
    };

    [Fact(Timeout = 180_000)]
    public async Task ClientKeyCreatedRotatedAndRevokedOnTheControlPlane_IsHonouredByASecondTierEdgeWithinSeconds()
    {
        await using var tiers = await Tiers.StartAsync();
        var keys = $"/api/v1/projects/{tiers.Setup.Project}/environments/production/sdk-keys";
        using var createdResponse = await tiers.Admin.SendAsync(HttpMethod.Post, keys, new { kind = "client", allowedOrigins = new[] { App } });
        var first = (await createdResponse.JsonAsync()).GetProperty("key").GetString()!;

        var propagation = await UntilStatusAsync(tiers.Edge2.Address, first, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        TestContext.Current.TestOutputHelper?.WriteLine($"client key usable on the tier-2 edge after {propagation.TotalMilliseconds:F0} ms");
        using (var metrics = new HttpClient { BaseAddress = tiers.Edge2.Address })
        {
            Assert.Matches("vexil_edge_client_keys\\{[^}]*\\} 1", await metrics.ScrapeAsync());
        }

        // A client key never gets rules, on the edge either.
        using (var edge = Client(tiers.Edge2.Address, first))
        {
            foreach (var path in new[] { "/sdk/v1/ruleset", "/sdk/v1/stream", "/sdk/v1/client-keys" })
            {
                using var refused = await edge.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refused.StatusCode}");
            }
        }

        // CORS: the origins travel with the key hashes.
        using (var anonymous = new HttpClient { BaseAddress = tiers.Edge2.Address })
        {
            using var preflight = await OfrepCorsTests.PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", App);
            using var unknown = await OfrepCorsTests.PreflightAsync(anonymous, "/ofrep/v1/evaluate/flags", "https://evil.example.com");
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(App, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        }

        using (var actual = await OfrepCorsTests.PostAsync(Client(tiers.Edge2.Address, first), "/ofrep/v1/evaluate/flags", App))
        {
            Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
            Assert.Equal(App, actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        // Rotation: the old key works until the overlap ends, then the edge refuses it on its own clock.
        var rotatedAt = Stopwatch.StartNew();
        using var rotatedResponse = await SdkKeyRotation.RotateNewestAsync(tiers.Admin, keys, "client", 8);
        var rotatedBody = await rotatedResponse.JsonAsync();
        var second = rotatedBody.GetProperty("key").GetString()!;
        await UntilStatusAsync(tiers.Edge2.Address, second, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        if (rotatedAt.Elapsed < TimeSpan.FromSeconds(7))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(tiers.Edge2.Address, first));
        }

        await UntilStatusAsync(tiers.Edge2.Address, first, HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(25));
        Assert.True(rotatedAt.Elapsed >= TimeSpan.FromSeconds(7.5), $"the old key was refused {rotatedAt.Elapsed.TotalSeconds:F1} s after the rotation, before its 8 s overlap ended");

        // Revocation: refused within seconds.
        var secondId = rotatedBody.GetProperty("id").GetInt64();
        (await tiers.Admin.SendAsync(HttpMethod.Post, $"{keys}/{secondId}/revoke")).EnsureSuccessStatusCode();
        var revocation = await UntilStatusAsync(tiers.Edge2.Address, second, HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(15));
        TestContext.Current.TestOutputHelper?.WriteLine($"revoked client key refused on the tier-2 edge after {revocation.TotalMilliseconds:F0} ms");
    }

    [Fact(Timeout = 180_000)]
    public async Task OfrepMinVersionAndChangeStream_ThroughASecondTierEdge_SeeTheControlPlanesWrite()
    {
        await using var tiers = await Tiers.StartAsync();
        using var client = Client(tiers.Edge2.Address, tiers.Setup.ServerKey);
        await UntilStatusAsync(tiers.Edge2.Address, tiers.Setup.ServerKey, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        var streamUri = await OfrepEventsTests.StreamUriAsync(Client(tiers.Edge2.Address, tiers.Setup.ServerKey));
        await using var events = await OfrepEventsTests.RawStream.OpenAsync(new HttpClient { BaseAddress = tiers.Edge2.Address }, streamUri);
        Assert.Equal(HttpStatusCode.OK, events.Status);
        await events.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));

        var version = await tiers.Setup.ToggleAsync(tiers.Admin, "f", true);
        await events.UntilAsync(t => t.Contains("refetchEvaluation", StringComparison.Ordinal) && t.Contains($"id: {version}\n", StringComparison.Ordinal));
        using var single = await OfrepMinVersionTests.PostAsync(client, "/ofrep/v1/evaluate/flags/f", version);
        using var bulk = await OfrepMinVersionTests.PostAsync(client, "/ofrep/v1/evaluate/flags", version);
        using var ahead = await OfrepMinVersionTests.PostAsync(client, "/ofrep/v1/evaluate/flags/f", version + 50);

        Assert.Equal("true", single.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.True((await single.JsonAsync()).GetProperty("value").GetBoolean());
        Assert.Equal("true", bulk.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Contains($"-{version}-", bulk.Headers.ETag!.Tag, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ahead.StatusCode);
        Assert.Equal("false", ahead.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.True((await ahead.JsonAsync()).GetProperty("value").GetBoolean());
    }

    [Fact(Timeout = 180_000)]
    public async Task EdgeRestartedWhileItsUpstreamIsDown_StillAcceptsTheClientKeysItLearnt_FromDisk()
    {
        var root = Path.Combine(Path.GetTempPath(), "vexil-ck-disk-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var controlPlane = await VexilProcess.StartAsync(Path.Combine(root, "cp"));
            using var admin = new HttpClient { BaseAddress = controlPlane.Address };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(controlPlane.Address, "admin", VexilTestServer.AdminPassword));
            var setup = await DeliverySetup.CreateAsync(admin);
            var key = await OfrepCorsTests.ClientKeyAsync(admin, setup.Project, "production", App);
            var data = Path.Combine(root, "edge");
            await using (var edge = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data, settings: Quick))
            {
                await UntilStatusAsync(edge.Address, key, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
                for (var attempt = 0; Directory.GetFiles(data, "*.ruleset.json").Length == 0 || Directory.GetFiles(data, "*.client-keys.json").Length == 0; attempt++)
                {
                    Assert.True(attempt < 200, "the ruleset or client keys were never written"); // each is written just after it is installed
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }

                Assert.Single(Directory.GetFiles(data, "*.client-keys.json"));
                Assert.DoesNotContain(key, await File.ReadAllTextAsync(Directory.GetFiles(data, "*.client-keys.json")[0], TestContext.Current.CancellationToken), StringComparison.Ordinal);
                await edge.KillAsync();
            }

            await controlPlane.KillAsync();
            await using var restarted = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data, settings: Quick);

            var status = await StatusAsync(restarted.Address, key);
            Assert.True(status == HttpStatusCode.OK, $"{(int)status}; files: {string.Join(", ", Directory.GetFiles(data).Select(Path.GetFileName))}\n{restarted.Output}");
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(restarted.Address, "vx_cli_never-issued"));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(Uri address, string key)
    {
        using var client = Client(address, key);
        using var response = await client.EvaluateAsync("f");
        return response.StatusCode;
    }

    /// <summary>Polls the edge's OFREP with <paramref name="key"/> until it answers <paramref name="expected"/>; returns how long that took.</summary>
    private static async Task<TimeSpan> UntilStatusAsync(Uri address, string key, HttpStatusCode expected, TimeSpan bound)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var status = await StatusAsync(address, key);
            if (status == expected)
            {
                return started.Elapsed;
            }

            Assert.True(started.Elapsed < bound, $"still {(int)status}, not {(int)expected}, after {bound.TotalSeconds} s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Control plane, edge 1 (upstream: control plane), edge 2 (upstream: edge 1), and one environment's server key.</summary>
    private sealed class Tiers : IAsyncDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "vexil-ck-" + Guid.NewGuid().ToString("N")[..8]);

        public VexilProcess ControlPlane { get; private set; } = null!;

        public VexilProcess Edge1 { get; private set; } = null!;

        public VexilProcess Edge2 { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        public DeliverySetup Setup { get; private set; } = null!;

        public static async Task<Tiers> StartAsync()
        {
            var tiers = new Tiers();
            tiers.ControlPlane = await VexilProcess.StartAsync(Path.Combine(tiers._root, "cp"));
            tiers.Admin = new HttpClient { BaseAddress = tiers.ControlPlane.Address };
            tiers.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(tiers.ControlPlane.Address, "admin", VexilTestServer.AdminPassword));
            tiers.Setup = await DeliverySetup.CreateAsync(tiers.Admin);
            tiers.Edge1 = await VexilProcess.StartEdgeAsync(tiers.ControlPlane.Address, [tiers.Setup.ServerKey], Path.Combine(tiers._root, "edge1"), settings: Quick);
            tiers.Edge2 = await VexilProcess.StartEdgeAsync(tiers.Edge1.Address, [tiers.Setup.ServerKey], Path.Combine(tiers._root, "edge2"), settings: Quick);
            return tiers;
        }

        public async ValueTask DisposeAsync()
        {
            Admin?.Dispose();
            if (Edge2 is not null)
            {
                await Edge2.DisposeAsync();
            }

            if (Edge1 is not null)
            {
                await Edge1.DisposeAsync();
            }

            if (ControlPlane is not null)
            {
                await ControlPlane.DisposeAsync();
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
