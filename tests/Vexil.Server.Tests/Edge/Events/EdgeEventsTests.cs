using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge.Events;

/// <summary>
/// <c>POST /events/v1/bulk</c> on edges, with real processes: a control plane, edges in one or two tiers, the spool
/// on disk, upstreams and edges killed and restarted.
/// </summary>
public sealed class EdgeEventsTests
{
    [Fact(Timeout = 180_000)]
    public async Task BatchesPostedToASecondTierEdge_ReachTheControlPlanesUsage_OnceEach_WithTheEdgesOwnOfrepSummaries()
    {
        await using var bed = await EventsTestBed.StartAsync();
        var edge1 = await bed.StartEdgeAsync(bed.ControlPlane.Address, "edge1");
        var edge2 = await bed.StartEdgeAsync(edge1.Address, "edge2");

        using (var first = await EventsTestBed.PostAsync(edge2.Address, bed.Setup.ServerKey, EventsTestBed.Batch("t2-1", 40, exposures: 2)))
        using (var again = await EventsTestBed.PostAsync(edge2.Address, bed.Setup.ServerKey, EventsTestBed.Batch("t2-1", 40, exposures: 2)))
        using (var second = await EventsTestBed.PostAsync(edge2.Address, bed.Setup.ServerKey, EventsTestBed.Batch("t2-2", 2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        Assert.Equal((42, 2), await bed.UsageReachesAsync("f", (42, 2)));

        // The edge's own remote evaluations, summarized per window, take the same road.
        var from = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        var to = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O");
        for (var i = 0; i < 3; i++)
        {
            await OfrepOkAsync(edge2.Address, bed.Setup.ServerKey, "ofrep/v1/evaluate/flags/g");
        }

        using (var bulk = await OfrepAsync(edge2.Address, bed.Setup.ServerKey, "ofrep/v1/evaluate/flags"))
        {
            Assert.Equal(HttpStatusCode.OK, bulk.StatusCode); // evaluates f and g once more each
        }

        Assert.Equal((4, 0), await bed.UsageReachesAsync("g", (4, 0), from: from, to: to));
        Assert.Equal((1, 0), await bed.UsageReachesAsync("f", (1, 0), from: from, to: to));

        // Nothing arrives twice later on.
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        Assert.Equal((42, 2), await bed.UsageAsync("f"));
        Assert.Equal((4, 0), await bed.UsageAsync("g", from, to));
        Assert.Contains("vexil_events_forward_batches_total", await EventsTestBed.MetricsAsync(edge1.Address), StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task UpstreamDown_TheEdgeAccepts_KeepsTheSpoolAcrossItsOwnRestart_AndDeliversEveryBatchOnceWhenTheUpstreamReturns()
    {
        await using var bed = await EventsTestBed.StartAsync();
        var edge = await bed.StartEdgeAsync(bed.ControlPlane.Address, "edge");
        await bed.ControlPlane.KillAsync();

        for (var i = 0; i < 12; i++)
        {
            using var response = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, EventsTestBed.Batch($"down-{i}", 10 + i, exposures: 1));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var spooled = await ReadinessAsync(edge.Address, r => r.GetProperty("eventForwarding").GetProperty("consecutiveFailures").GetInt32() > 0);
        Assert.Equal(12, spooled.GetProperty("eventForwarding").GetProperty("spooledBatches").GetInt64());
        Assert.Matches(@"vexil_events_forward_retries_total [1-9]", await EventsTestBed.MetricsAsync(edge.Address));

        // SIGKILL the edge with a full spool, start it again on the same folder, still without an upstream.
        await edge.KillAsync();
        var restarted = await bed.StartEdgeAsync(bed.ControlPlane.Address, "edge", port: edge.Port);
        using (var more = await EventsTestBed.PostAsync(restarted.Address, bed.Setup.ServerKey, EventsTestBed.Batch("down-after-restart", 1000)))
        using (var resent = await EventsTestBed.PostAsync(restarted.Address, bed.Setup.ServerKey, EventsTestBed.Batch("down-3", 13, exposures: 1)))
        {
            Assert.Equal(HttpStatusCode.Accepted, more.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode); // a sender retrying: one batch, counted once
        }

        await bed.RestartControlPlaneAsync();
        var expected = Enumerable.Range(0, 12).Sum(i => 10 + i) + 1000;
        Assert.Equal((expected, 12), await bed.UsageReachesAsync("f", (expected, 12), TimeSpan.FromSeconds(60)));
        await ReadinessAsync(restarted.Address, r => r.GetProperty("eventForwarding").GetProperty("spooledBatches").GetInt64() == 0);
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        Assert.Equal((expected, 12), await bed.UsageAsync("f"));
    }

    [Fact(Timeout = 180_000)]
    public async Task SpoolFull_NewBatchesGet503WithRetryAfter_TheEdgesOwnSummariesAreDropped_AndBothAreReported()
    {
        await using var bed = await EventsTestBed.StartAsync();
        var edge = await bed.StartEdgeAsync(bed.ControlPlane.Address, "edge", new() { ["Vexil:Edge:Events:SpoolMaxBatches"] = "3" });
        await OfrepOkAsync(edge.Address, bed.Setup.ServerKey, "ofrep/v1/evaluate/flags/g"); // the edge holds the ruleset before its upstream goes

        // That evaluation's summary is delivered (the spool is empty) before the upstream goes away.
        await ReadinessAsync(edge.Address, r => r.GetProperty("eventForwarding").TryGetProperty("lastForwardedAt", out _));
        await bed.ControlPlane.KillAsync();
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, EventsTestBed.Batch($"full-{i}", 5));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var refused = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, EventsTestBed.Batch("full-refused", 7)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        for (var i = 0; i < 5; i++)
        {
            (await OfrepAsync(edge.Address, bed.Setup.ServerKey, "ofrep/v1/evaluate/flags/g")).Dispose();
        }

        var metrics = await MetricsUntilAsync(edge.Address, "vexil_events_forward_dropped_evaluations_total 5\n");
        var report = await ReadinessAsync(edge.Address, r => r.GetProperty("eventForwarding").GetProperty("dropped").GetInt64() > 0);
        var forwarding = report.GetProperty("eventForwarding");
        Assert.True(forwarding.GetProperty("full").GetBoolean());
        Assert.Equal(1, forwarding.GetProperty("refused").GetInt64());
        Assert.Equal(3, forwarding.GetProperty("spooledBatches").GetInt64());
        Assert.Contains("vexil_events_forward_refused_total 1", metrics, StringComparison.Ordinal);
        Assert.Matches("vexil_events_forward_dropped_total\\{reason=\"spool_full\"\\} [1-5]\n", metrics);
        Assert.Contains("vexil_events_forward_dropped_evaluations_total 5", metrics, StringComparison.Ordinal);
        Assert.Contains("vexil_events_forward_queue_batches 3", metrics, StringComparison.Ordinal);

        // Once the upstream is back, everything acknowledged arrives, and the spool takes batches again.
        await bed.RestartControlPlaneAsync();
        Assert.Equal((15, 0), await bed.UsageReachesAsync("f", (15, 0), TimeSpan.FromSeconds(60)));
        await ReadinessAsync(edge.Address, r => !r.GetProperty("eventForwarding").GetProperty("full").GetBoolean());
        using var later = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, EventsTestBed.Batch("full-refused", 7));
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.Equal((22, 0), await bed.UsageReachesAsync("f", (22, 0)));
    }

    [Fact(Timeout = 120_000)]
    public async Task EdgeEndpoint_BadBatchIs400WithEveryReason_AndOnlyKeysTheEdgeServesAreAccepted()
    {
        await using var bed = await EventsTestBed.StartAsync();
        var edge = await bed.StartEdgeAsync(bed.ControlPlane.Address, "edge");

        using var bad = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey,
            """{"id":"bad","summaries":[{"flag":"f","variation":"on","version":-1,"count":0,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""");
        var problem = await bad.JsonAsync();
        using var anonymous = await EventsTestBed.PostAsync(edge.Address, null, EventsTestBed.Batch("anonymous", 1));
        using var unknown = await EventsTestBed.PostAsync(edge.Address, "vx_srv_not-a-key-this-edge-serves", EventsTestBed.Batch("unknown", 1));
        using var tooLarge = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, "{\"id\":\"big\",\"sdk\":\"" + new string('x', 1024 * 1024) + "\"}");
        using var good = await EventsTestBed.PostAsync(edge.Address, bed.Setup.ServerKey, EventsTestBed.Batch("good", 3));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("summaries[0].count", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("summaries[0].version", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal((3, 0), await bed.UsageReachesAsync("f", (3, 0))); // the bad batch touched nothing
    }

    private static async Task<HttpResponseMessage> OfrepAsync(Uri server, string key, string path)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"context":{"targetingKey":"user-1"}}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Evaluates once the edge holds a ruleset (503 before: nothing evaluated, nothing counted).</summary>
    private static async Task OfrepOkAsync(Uri server, string key, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await OfrepAsync(server, key, path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(attempt < 200 && response.StatusCode == HttpStatusCode.ServiceUnavailable, $"OFREP answered {response.StatusCode}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> MetricsUntilAsync(Uri server, string expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = await EventsTestBed.MetricsAsync(server);
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            Assert.True(attempt < 200, $"/metrics never showed '{expected}': {text}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> ReadinessAsync(Uri server, Func<JsonElement, bool> until)
    {
        using var http = new HttpClient { BaseAddress = server };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            var body = await response.JsonAsync();
            if (body.TryGetProperty("eventForwarding", out _) && until(body))
            {
                return body;
            }

            Assert.True(attempt < 300, $"readiness never matched: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
