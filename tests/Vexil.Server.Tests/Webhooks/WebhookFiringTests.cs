using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Events.Webhooks;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Webhooks;

/// <summary>Committed changes reach subscribed receivers over real HTTP on loopback, signed, whatever the receiver does.</summary>
public sealed class WebhookFiringTests
{
    private static Task<VexilTestServer> StartAsync(string attemptTimeout = "00:00:30") =>
        VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:WebhookRetryDelay"] = "00:00:00.200",
            ["Vexil:WebhookAttemptTimeout"] = attemptTimeout,
            ["Vexil:WebhookAllowedNetworks:0"] = "127.0.0.1", // the receivers are on loopback, refused by default
        }));

    [Fact(Timeout = 120_000)]
    public async Task ReceiverDownThenFailingThenBack_GetsEveryEventOnce_EachSigned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await using var receiver = new WebhookTestReceiver();
        var (id, secret) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["*"]);

        // The receiver's port refuses connections while these commit.
        await admin.CreateFlagAsync(project, "checkout");                                        // 3 × flag.created (one per environment)
        var etag = await EnvironmentFlagETagAsync(admin, project, "checkout");
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/checkout/enabled", new { enabled = true }, etag)).EnsureSuccessStatusCode();   // flag.toggled
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key = "beta", included = new[] { "u1" } })).EnsureSuccessStatusCode(); // segment.created
        const int expected = 5;
        await WaitAsync(async () => (await WebhooksApiTests.DeliveriesAsync(admin, project, id)).Any(d => d.GetProperty("attempt").GetInt32() >= 2), "retries while the receiver is down");

        // Then it answers 500 for a while, then 200.
        receiver.Status = 500;
        await receiver.StartAsync();
        await WaitAsync(() => Task.FromResult(receiver.Requests.Count >= 3), "attempts against the failing receiver");
        receiver.Status = 200;
        await WaitAsync(() => Task.FromResult(receiver.Accepted.Select(r => r.DeliveryId).Distinct().Count() == expected), "every delivery accepted");
        await Task.Delay(1000, ct); // nothing more should arrive

        var accepted = receiver.Accepted.ToList();
        Assert.Equal(expected, accepted.Count);                                   // each delivery accepted exactly once
        Assert.Equal(expected, accepted.Select(r => r.DeliveryId).Distinct().Count());
        var events = new List<JsonElement>();
        foreach (var received in accepted)
        {
            Assert.True(WebhookSignature.Verify(received.Signature, secret, received.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), received.Signature);
            Assert.False(WebhookSignature.Verify(received.Signature, secret + "x", received.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            var body = JsonDocument.Parse(received.Body).RootElement.Clone();
            Assert.Equal(body.GetProperty("id").GetString() + "." + id, received.DeliveryId);
            Assert.Equal(received.Type, body.GetProperty("type").GetString());
            Assert.Equal(project, body.GetProperty("project").GetString());
            events.Add(body);
        }

        Assert.Equal(expected, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        var created = events.Where(e => e.GetProperty("type").GetString() == "flag.created").Select(e => e.GetProperty("data")).ToList();
        Assert.Equal(["development", "production", "staging"], created.Select(d => d.GetProperty("environment").GetString()).Order());
        Assert.All(created, d => Assert.Equal(1, d.GetProperty("version").GetInt64()));
        Assert.All(created, d => Assert.Equal("checkout", d.GetProperty("flag").GetString()));
        Assert.All(created, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("before").ValueKind));

        var toggled = Assert.Single(events, e => e.GetProperty("type").GetString() == "flag.toggled").GetProperty("data");
        Assert.Equal(("production", 2L, "user:admin", "flag.on"), (toggled.GetProperty("environment").GetString(), toggled.GetProperty("version").GetInt64(), toggled.GetProperty("actor").GetString(), toggled.GetProperty("action").GetString()));
        Assert.False(toggled.GetProperty("before").GetProperty("enabled").GetBoolean());
        Assert.True(toggled.GetProperty("after").GetProperty("enabled").GetBoolean());
        var segment = Assert.Single(events, e => e.GetProperty("type").GetString() == "segment.created").GetProperty("data");
        Assert.Equal(("beta", 3L), (segment.GetProperty("segment").GetString(), segment.GetProperty("version").GetInt64()));

        // The delivery log has the failures (connection refused, HTTP 500) and one success per delivery.
        var log = await WebhooksApiTests.DeliveriesAsync(admin, project, id);
        Assert.Equal(expected, log.Count(d => d.GetProperty("outcome").GetString() == "delivered"));
        Assert.Contains(log, d => d.GetProperty("outcome").GetString() == "retrying" && !d.TryGetProperty("statusCode", out _) && d.GetProperty("error").GetString() == WebhookFailure.ConnectionFailed);
        Assert.DoesNotContain(log, d => d.TryGetProperty("error", out var e) && (e.GetString()!.Contains("127.0.0.1", StringComparison.Ordinal) || e.GetString()!.Contains(receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        Assert.Contains(log, d => d.GetProperty("outcome").GetString() == "retrying" && d.TryGetProperty("statusCode", out var s) && s.GetInt32() == 500);
        Assert.All(log.Where(d => d.GetProperty("outcome").GetString() == "delivered"), d => Assert.Equal(200, d.GetProperty("statusCode").GetInt32()));

        var exposition = await Http.ScrapeAsync(server.Address);
        Assert.Contains("vexil_webhooks_events_total{vexil_event_type=\"flag.created\"} 3", exposition, StringComparison.Ordinal);
        Assert.Contains("vexil_webhooks_relay_lag_seconds_count{vexil_event_type=\"flag.toggled\"} 1", exposition, StringComparison.Ordinal);

        using var latest = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{id}/deliveries?limit=3");
        Assert.Equal(log[^3..].Select(d => d.GetRawText()), (await latest.JsonAsync()).EnumerateArray().Select(d => d.GetRawText()));
    }

    [Fact(Timeout = 120_000)]
    public async Task ReceiverThatHangs_NeverSlowsFlagWrites()
    {
        await using var server = await StartAsync(attemptTimeout: "00:01:00");
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "kill-switch");
        await using var receiver = new WebhookTestReceiver();
        await receiver.StartAsync();
        await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hang"), ["flag.toggled"], environment: "production");

        var etag = await EnvironmentFlagETagAsync(admin, project, "kill-switch");
        var slowest = TimeSpan.Zero;
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/kill-switch/enabled", new { enabled = i % 2 == 0 }, etag);
            var took = Stopwatch.GetElapsedTime(started);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            etag = response.ETag();
            slowest = took > slowest ? took : slowest;
            times.Add(took.TotalMilliseconds);
            if (i == 0)
            {
                await WaitAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), "the receiver holding a delivery");
            }
        }

        // Every toggle has a delivery in flight at the receiver, none answered, while the writes finished promptly.
        await WaitAsync(() => Task.FromResult(receiver.Requests.Select(r => r.DeliveryId).Distinct().Count() == 20), "20 deliveries hanging at the receiver");
        times.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine($"toggle latency while the receiver hangs (ms): median {times[times.Count / 2]:F1}, max {times[^1]:F1}");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"slowest write took {slowest.TotalMilliseconds:0} ms while the receiver hung");
        Assert.All(receiver.Requests, r => Assert.Equal("flag.toggled", r.Type));
    }

    [Fact(Timeout = 120_000)]
    public async Task Filters_ByEventTypeAndEnvironment_AndARemovedSubscriptionGetsNothingMore()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await using var receiver = new WebhookTestReceiver();
        await receiver.StartAsync();
        var (segmentsOnly, _) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["segment.*"], environment: "staging");
        var (deletions, _) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["flag.deleted"]);

        await admin.CreateFlagAsync(project, "f");
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key = "prod-only" })).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/staging/segments", new { key = "staged" })).EnsureSuccessStatusCode();
        using (var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/f"))
        {
            (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project}/flags/f", null, read.ETag())).EnsureSuccessStatusCode();
        }

        await WaitAsync(() => Task.FromResult(receiver.Accepted.Count() >= 4), "four deliveries");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var got = receiver.Accepted.Select(r => (Subscription: r.DeliveryId[(r.DeliveryId.LastIndexOf('.') + 1)..], r.Type)).ToList();
        Assert.Equal([(segmentsOnly, "segment.created")], got.Where(g => g.Subscription == segmentsOnly));
        Assert.Equal(3, got.Count(g => g.Subscription == deletions && g.Type == "flag.deleted"));
        Assert.Equal(4, got.Count);

        using (var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/webhooks/{deletions}"))
        {
            (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project}/webhooks/{deletions}", null, read.ETag())).EnsureSuccessStatusCode();
        }

        await admin.CreateFlagAsync(project, "g");
        using (var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/g"))
        {
            (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project}/flags/g", null, read.ETag())).EnsureSuccessStatusCode();
        }

        await Task.Delay(2000, TestContext.Current.CancellationToken);
        Assert.Equal(4, receiver.Accepted.Count());
    }

    [Fact(Timeout = 120_000)]
    public async Task ADisabledWebhook_GetsNoDelivery_ItsQueuedOnesAreDropped_AndEnabledAgainItGetsTheNextChange()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await using var receiver = new WebhookTestReceiver();
        await receiver.StartAsync();
        await using var down = new WebhookTestReceiver(); // refuses connections until started
        var (witness, _) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["*"]);
        var (paused, _) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["*"]);
        var (queued, _) = await WebhooksApiTests.CreateAsync(admin, project, down.Url("hook"), ["flag.toggled"]);
        await SetEnabledAsync(admin, project, paused, false);

        // Turned off, it is sent nothing: the witness gets the three flag.created, it gets none.
        await admin.CreateFlagAsync(project, "checkout");
        await WaitAsync(() => Task.FromResult(From(receiver, witness).Count() == 3), "the witness's three deliveries");
        Assert.Empty(From(receiver, paused));

        // A delivery queued (retrying against a receiver that is down) when the webhook is turned off is dropped.
        var etag = await EnvironmentFlagETagAsync(admin, project, "checkout");
        using (var on = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/checkout/enabled", new { enabled = true }, etag))
        {
            on.EnsureSuccessStatusCode();
            etag = on.ETag();
        }

        await WaitAsync(async () => (await WebhooksApiTests.DeliveriesAsync(admin, project, queued)).Any(d => d.GetProperty("outcome").GetString() == "retrying"), "the queued delivery retrying");
        await SetEnabledAsync(admin, project, queued, false);
        await down.StartAsync();

        // Turned on again, it gets the next change, and nothing from while it was off.
        await SetEnabledAsync(admin, project, paused, true);
        using (var off = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/checkout/enabled", new { enabled = false }, etag))
        {
            off.EnsureSuccessStatusCode();
        }

        await WaitAsync(() => Task.FromResult(From(receiver, paused).Any()), "the delivery after it was turned on");
        await WaitAsync(() => Task.FromResult(From(receiver, witness).Count() == 5), "the witness's five deliveries");
        await Task.Delay(1000, TestContext.Current.CancellationToken); // the queued one's retries (every 200 ms) would arrive here
        Assert.Equal(["flag.toggled"], From(receiver, paused).Select(r => r.Type));
        Assert.Empty(down.Requests);
        Assert.DoesNotContain(await WebhooksApiTests.DeliveriesAsync(admin, project, queued), d => d.GetProperty("outcome").GetString() == "delivered");
    }

    private static IEnumerable<WebhookTestReceiver.Received> From(WebhookTestReceiver receiver, string subscription) =>
        receiver.Accepted.Where(r => r.DeliveryId.EndsWith("." + subscription, StringComparison.Ordinal));

    private static async Task SetEnabledAsync(HttpClient admin, string project, string id, bool enabled)
    {
        var path = $"/api/v1/projects/{project}/webhooks/{id}";
        using var read = await admin.SendAsync(HttpMethod.Get, path);
        var hook = await read.JsonAsync();
        using var put = await admin.SendAsync(HttpMethod.Put, path, new { url = hook.GetProperty("url").GetString(), events = hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToArray(), enabled }, read.ETag());
        put.EnsureSuccessStatusCode();
    }

    private static async Task<string> EnvironmentFlagETagAsync(HttpClient admin, string project, string flag)
    {
        using var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/{flag}");
        read.EnsureSuccessStatusCode();
        return read.ETag();
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
