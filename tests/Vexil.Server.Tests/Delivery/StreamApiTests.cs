using System.Net;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>/sdk/v1/stream on the control plane: first event, resume by Last-Event-ID, heartbeats, the connection limit.</summary>
public sealed class StreamApiTests(StreamApiTests.Fixture fixture) : IClassFixture<StreamApiTests.Fixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task Stream_WithoutLastEventId_StartsWithTheRuleset_ThenEveryChangeInOrder()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);

        var first = await stream.NextAsync();
        Assert.Equal("ruleset", first.Type);
        Assert.Equal(first.Json.GetProperty("version").GetInt64(), first.Version);
        Assert.False(DeliverySetup.IsEnabled(first.Json, "f"));

        var v1 = await setup.ToggleAsync(Admin, "f", true);
        var v2 = await setup.ToggleAsync(Admin, "f", false);
        var change1 = await stream.NextAsync();
        var change2 = await stream.NextAsync();

        Assert.Equal(("change", v1), (change1.Type, change1.Version));
        Assert.Equal(("change", v2), (change2.Type, change2.Version));
        Assert.Equal(first.Version + 1, v1);
        Assert.True(change1.Json.GetProperty("flags").GetProperty("upsert")[0].GetProperty("enabled").GetBoolean());
        Assert.True(change1.Json.TryGetProperty("committedAt", out _));
        Assert.Equal(0, change1.Json.GetProperty("segments").GetProperty("upsert").GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_WithLastEventId_SendsOnlyTheChangesAfterIt()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        var from = await setup.ToggleAsync(Admin, "f", true);
        var v2 = await setup.ToggleAsync(Admin, "f", false);
        var v3 = await setup.ToggleAsync(Admin, "f", true);

        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: from);

        var second = await stream.NextAsync();
        Assert.Equal(("change", v2), (second.Type, second.Version));
        var third = await stream.NextAsync();
        Assert.Equal(("change", v3), (third.Type, third.Version));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(999_999)]
    [InlineData(0)]
    public async Task Stream_WithLastEventIdUnknownOrAhead_StartsWithTheRuleset(long lastEventId)
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        var version = await setup.ToggleAsync(Admin, "f", true);

        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: lastEventId);
        var first = await stream.NextAsync();

        if (lastEventId == 0)
        {
            // Version 0 is within the change log: every change follows, in order.
            Assert.Equal(("change", 1L), (first.Type, first.Version));
            Assert.Equal(version, (await stream.UntilVersionAsync(version))[^1].Version);
        }
        else
        {
            Assert.Equal(("ruleset", version), (first.Type, first.Version));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_WithLastEventIdJustAhead_WaitsForIt_AndNeverOffersAnOlderRuleset()
    {
        // A subscriber that already holds the next version (it came from a server further along) resumes after it once
        // this server gets there: the first event is the version after the one it holds, never an older ruleset.
        var setup = await DeliverySetup.CreateAsync(Admin);
        var version = await setup.ToggleAsync(Admin, "f", true);

        var connecting = SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: version + 1);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(version + 1, await setup.ToggleAsync(Admin, "f", false));
        await using var stream = await connecting;
        var next = await setup.ToggleAsync(Admin, "f", true);
        var first = await stream.NextAsync();

        Assert.Equal(("change", next), (first.Type, first.Version));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_WhenIdle_SendsCommentHeartbeats()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        using var http = fixture.Server.Client();
        using var request = SseTestClient.Request(setup.ServerKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var text = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(": heartbeat\n\n", StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, TestContext.Current.CancellationToken);
            Assert.NotEqual(0, read);
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("retry: 1000\n\nevent: ruleset\ndata: {\"formatVersion\":1,", text.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_WithMinVersion_SaysWhetherItWasReached()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        var version = await setup.ToggleAsync(Admin, "f", true);

        await using var reached = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, minVersion: version);
        await using var unreachable = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, minVersion: version + 100);

        Assert.Equal("true", reached.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Equal("false", unreachable.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Equal(version, (await unreachable.NextAsync()).Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_ForAClientThatAcceptsCompression_IsNotCompressed_WhileTheRulesetIs()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = fixture.Server.Address };
        using var streamRequest = SseTestClient.Request(setup.ServerKey);
        streamRequest.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var rulesetRequest = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        rulesetRequest.Headers.Authorization = streamRequest.Headers.Authorization;
        rulesetRequest.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");

        using var stream = await http.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var ruleset = await http.SendAsync(rulesetRequest, TestContext.Current.CancellationToken);
        await using var body = await stream.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var first = new byte[6];
        await body.ReadExactlyAsync(first, TestContext.Current.CancellationToken);

        Assert.Empty(stream.Content.Headers.ContentEncoding);
        Assert.Equal("retry:", System.Text.Encoding.ASCII.GetString(first));
        Assert.NotEmpty(ruleset.Content.Headers.ContentEncoding);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_ForASubscriberThatStopsReading_DoesNotDelayTheOthers()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        using var http = fixture.Server.Client();
        using var stalledRequest = SseTestClient.Request(setup.ServerKey);
        using var stalled = await http.SendAsync(stalledRequest, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var reader = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);
        var start = (await reader.NextAsync()).Version;

        for (var i = 0; i < 30; i++)
        {
            var version = await setup.ToggleAsync(Admin, "f", i % 2 == 0);
            var received = await reader.NextAsync(TimeSpan.FromSeconds(2));
            Assert.Equal(version, received.Version);
        }

        Assert.Equal(start + 30, (await setup.ToggleAsync(Admin, "f", true)) - 1);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_AtTheConnectionLimit_Answers503WithRetryAfter()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Delivery:MaxStreams"] = "2",
            ["Vexil:Delivery:RetryAfterSeconds"] = "7",
        }));
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        await using var one = await SseTestClient.ConnectAsync(server.Address, setup.ServerKey);
        await using var two = await SseTestClient.ConnectAsync(server.Address, setup.ServerKey);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => SseTestClient.ConnectAsync(server.Address, setup.ServerKey));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        using var http = server.Client();
        using var request = SseTestClient.Request(setup.ServerKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);

        await one.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        SseTestClient? three = null;
        while (three is null)
        {
            try
            {
                three = await SseTestClient.ConnectAsync(server.Address, setup.ServerKey);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        await three.DisposeAsync();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public VexilTestServer Server { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:Delivery:HeartbeatInterval"] = "00:00:00.200",
            }));
            Admin = await Server.AdminAsync();
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Server.DisposeAsync();
        }
    }
}
