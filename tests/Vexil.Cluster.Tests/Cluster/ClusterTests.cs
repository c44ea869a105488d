using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vexil.Cluster.Tests.Cluster;

/// <summary>
/// The distributed layout of deploy/cluster end to end: writes through HAProxy's control-plane frontend, reads through
/// the tier-2 edge with read-your-writes, OFREP through HAProxy's edge frontend, and both surviving SIGKILL of a
/// control-plane replica and a tier-1 edge.
/// </summary>
public sealed class ClusterTests(VexilCluster cluster) : IClassFixture<VexilCluster>
{
    [Fact(Timeout = 120_000)]
    public async Task WriteThroughHaproxy_IsReadThroughTheTier2Edge_AndEvaluatedByOfrepThroughHaproxy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var admin = await cluster.AdminAsync(cancellationToken);
        var flag = "f-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CreateBooleanFlagAsync(cluster.Project, flag, cancellationToken);
        var version = await admin.SetEnabledAsync(cluster.Project, cluster.Environment, flag, true, cancellationToken);

        var (satisfied, enabled) = await ReadTier2Async(flag, version, cancellationToken);
        Assert.True(satisfied, $"the tier-2 edge did not reach version {version}: {VexilCluster.Log("edge-b1")}");
        Assert.True(enabled);
        Assert.True(await OfrepEventuallyAsync(flag, true, cancellationToken), "OFREP through HAProxy's edge frontend never answered true");
    }

    [Fact(Timeout = 60_000)]
    public async Task EventBatchThroughHaproxy_IsAcceptedOntoNatsJetStream_WithTheNatsCredentials()
    {
        // The replicas' events bus is nats-server with a user and password (read from a file): 202 only once JetStream
        // acknowledged the batch, 503 if the replica could not publish.
        using var client = new HttpClient { BaseAddress = cluster.ControlPlane, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.ServerKey);
        var now = DateTimeOffset.UtcNow;
        var batch = new
        {
            id = "b-" + Guid.NewGuid().ToString("N"),
            summaries = new[] { new { flag = "welcome-banner", variation = "off", version = 1, count = 3, start = now.AddMinutes(-1), end = now } },
        };
        using var response = await client.PostAsJsonAsync("/events/v1/bulk", batch, TestContext.Current.CancellationToken);
        Assert.True(
            response.StatusCode == HttpStatusCode.Accepted,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)} {VexilCluster.Log("cp1")}");
    }

    [Fact(Timeout = 150_000)]
    public async Task KillingAReplicaAndATier1Edge_WritesAndReadsThroughHaproxyStillSucceed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var admin = await cluster.AdminAsync(cancellationToken);
        var flag = "k-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CreateBooleanFlagAsync(cluster.Project, flag, cancellationToken);

        await cluster.Node("cp1").KillAsync(cancellationToken);
        await cluster.Node("edge-a1").KillAsync(cancellationToken);
        Assert.False(await cluster.Node("cp1").IsRunningAsync(cancellationToken));
        Assert.False(await cluster.Node("edge-a1").IsRunningAsync(cancellationToken));
        try
        {
            var enabled = false;
            for (var i = 0; i < 6; i++)
            {
                enabled = !enabled;

                // Every write goes through HAProxy at once after the kills: none may fail.
                var version = await admin.SetEnabledAsync(cluster.Project, cluster.Environment, flag, enabled, cancellationToken);
                var (satisfied, read) = await ReadTier2Async(flag, version, cancellationToken);
                Assert.True(satisfied, $"write {i}: the tier-2 edge did not reach version {version}: {VexilCluster.Log("edge-b1")}");
                Assert.Equal(enabled, read);
                Assert.True(await OfrepEventuallyAsync(flag, enabled, cancellationToken), $"write {i}: OFREP through HAProxy never answered {enabled}");
            }
        }
        finally
        {
            await cluster.Node("cp1").StartAsync(cancellationToken);
            await cluster.Node("edge-a1").StartAsync(cancellationToken);
        }

        Assert.True(await cluster.Node("cp1").IsReadyAsync(cancellationToken));
        Assert.True(await cluster.Node("edge-a1").IsReadyAsync(cancellationToken));
    }

    /// <summary>
    /// The tier-2 edge's ruleset with <c>Vexil-Min-Version</c>, retried while the tiers above it reconnect (a killed
    /// upstream takes up to a couple of seconds to be replaced); every answer must be 200.
    /// </summary>
    private async Task<(bool Satisfied, bool Enabled)> ReadTier2Async(string flag, long version, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = cluster.Tier2Edge, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.ServerKey);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
            request.Headers.Add("Vexil-Min-Version", version.ToString(CultureInfo.InvariantCulture));
            using var response = await client.SendAsync(request, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var satisfied = response.Headers.TryGetValues("Vexil-Min-Version-Satisfied", out var values) && values.Single() == "true";
            if (satisfied || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                var ruleset = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var held = ruleset.GetProperty("flags").EnumerateArray().Where(f => f.GetProperty("key").GetString() == flag).ToList();
                return (satisfied, held.Count == 1 && held[0].GetProperty("enabled").GetBoolean());
            }
        }
    }

    /// <summary>OFREP through HAProxy's edge frontend until it answers <paramref name="expected"/>; every answer must be 200.</summary>
    private async Task<bool> OfrepEventuallyAsync(string flag, bool expected, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = cluster.Edges, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.ServerKey);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var response = await client.PostAsJsonAsync($"/ofrep/v1/evaluate/flags/{flag}", new { context = new { targetingKey = "user-1" } }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"OFREP answered {(int)response.StatusCode}: {body}");
            if (JsonDocument.Parse(body).RootElement.GetProperty("value").GetBoolean() == expected)
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }
}
