using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge.Aot;

/// <summary>
/// The Native AOT <c>vexil-edge</c> as operators run it, against a real control plane process on loopback: it starts
/// from its last-known-good copy with the upstream down, follows the upstream once it is back, and serves a stream
/// (SSE) and OFREP throughout.
/// </summary>
public sealed class AotEdgeSmokeTests
{
    [Fact(Timeout = 30 * 60_000)]
    public async Task AotEdge_StartsFromLastKnownGoodWithTheUpstreamDown_ThenFollowsIt_ServingStreamsAndOfrep()
    {
        var edgeBinary = await AotEdgeBinary.PathAsync();
        var root = Path.Combine(Path.GetTempPath(), "vexil-aot-edge-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(root, "edge");
        try
        {
            // A real upstream, and a first run of the AOT edge that follows it and keeps a last-known-good copy.
            var controlPlane = await VexilProcess.StartAsync(Path.Combine(root, "cp"));
            var port = controlPlane.Port;
            DeliverySetup setup;
            long on;
            using (var admin = await AdminAsync(controlPlane.Address))
            {
                setup = await DeliverySetup.CreateAsync(admin, "f");
                on = await setup.ToggleAsync(admin, "f", true);
            }

            await using (var first = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data, executable: edgeBinary))
            {
                Assert.True(await EvaluateUntilAsync(first.Address, setup.ServerKey, expected: true), first.Output);
            }

            // The upstream goes down; a new AOT edge starts from disk alone and serves what it had.
            await controlPlane.DisposeAsync();
            await using var edge = await VexilProcess.StartEdgeAsync(controlPlane.Address, [setup.ServerKey], data, executable: edgeBinary);
            Assert.True(await EvaluateUntilAsync(edge.Address, setup.ServerKey, expected: true), edge.Output);
            await using var subscriber = await SseTestClient.ConnectAsync(edge.Address, setup.ServerKey);
            var start = await subscriber.NextAsync();
            Assert.Equal(("ruleset", on), (start.Type, start.Version));

            // The upstream is back: the running edge follows it, and the subscriber receives the change.
            await using var restarted = await VexilProcess.StartAsync(Path.Combine(root, "cp"), port: port);
            long off;
            using (var admin = await AdminAsync(restarted.Address))
            {
                off = await setup.ToggleAsync(admin, "f", false);
            }

            var received = await subscriber.UntilVersionAsync(off, TimeSpan.FromSeconds(30));
            Assert.Equal(off, received[^1].Version);
            Assert.True(await EvaluateUntilAsync(edge.Address, setup.ServerKey, expected: false), edge.Output);
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

    /// <summary>OFREP's single-flag evaluation of <c>f</c>, asked until it answers <paramref name="expected"/> (true) or 20 seconds pass (false).</summary>
    private static async Task<bool> EvaluateUntilAsync(Uri edge, string key, bool expected)
    {
        using var client = new HttpClient { BaseAddress = edge };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.PostAsJsonAsync("/ofrep/v1/evaluate/flags/f", new { context = new { targetingKey = "user-1" } }, TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                if (body.RootElement.GetProperty("value").ValueKind == (expected ? JsonValueKind.True : JsonValueKind.False))
                {
                    return true;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static async Task<HttpClient> AdminAsync(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await VexilTestServer.LoginAsync(address, "admin", VexilTestServer.AdminPassword));
        return client;
    }
}
