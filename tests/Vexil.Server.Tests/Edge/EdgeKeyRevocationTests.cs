using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Vexil.Server.Tests.Delivery;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Server.Tests.Ofrep;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// Edges and revoked keys (issue #18, item 1): an edge whose upstream refuses its server key (revoked, expired) stops
/// serving that key and its environment's client keys (401 on ruleset, streams and OFREP), ends the streams open with
/// them, and keeps that across a restart; a client key its upstream stops listing ends its streams too.
/// </summary>
public sealed class EdgeKeyRevocationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string FakeKey = "vx_srv_test-key-for-the-fake-upstream";

    private static readonly Dictionary<string, string?> Quick = new() { ["Vexil:Edge:ClientKeyRefresh"] = "00:00:00.200" };

    [Fact(Timeout = 90_000)]
    public async Task RevokedOnTheControlPlane_TheEdgeEndsTheKeysStreams_AndAnswers401ToIt()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        var keys = $"/api/v1/projects/{setup.Project}/environments/production/sdk-keys";
        using var created = await fixture.Admin.SendAsync(HttpMethod.Post, keys, new { kind = "client" });
        var clientBody = await created.JsonAsync();
        var client = clientBody.GetProperty("key").GetString()!;
        await using var edge = await EdgeHost.StartAsync(fixture.Server.Address, setup.ServerKey, UpstreamFollowerTests.TempDirectory(), Quick);
        await UntilAsync(edge.Address, client, "/ofrep/v1/evaluate/flags", HttpStatusCode.OK);

        await using var sdk = await SseTestClient.ConnectAsync(edge.Address, setup.ServerKey);
        await using var serverEvents = await OfrepEventsTests.RawStream.OpenAsync(Client(edge.Address, setup.ServerKey), "/ofrep/v1/events");
        await using var browserEvents = await OfrepEventsTests.RawStream.OpenAsync(new HttpClient { BaseAddress = edge.Address }, await OfrepEventsTests.StreamUriAsync(Client(edge.Address, client)));
        Assert.Equal("ruleset", (await sdk.NextAsync()).Type);
        await serverEvents.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));
        await browserEvents.UntilAsync(t => t.Contains("retry: ", StringComparison.Ordinal));

        // A client key revoked upstream: its stream on the edge ends; the server key's streams go on.
        (await fixture.Admin.SendAsync(HttpMethod.Post, $"{keys}/{clientBody.GetProperty("id").GetInt64()}/revoke")).EnsureSuccessStatusCode();
        await browserEvents.EndAsync(TimeSpan.FromSeconds(10));
        Assert.False(sdk.Ended);

        // The edge's own server key revoked upstream: the edge stops serving it and ends its streams.
        var revoked = Stopwatch.StartNew();
        var id = await KeyRevocationStreamTests.KeyIdAsync(fixture.Admin, keys, setup.ServerKey);
        (await fixture.Admin.SendAsync(HttpMethod.Post, $"{keys}/{id}/revoke")).EnsureSuccessStatusCode();
        var after = await setup.ToggleAsync(fixture.Admin, "f", true);

        var late = await sdk.EndAsync(TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(late, e => e.Version >= after);
        Assert.DoesNotContain("refetchEvaluation", await serverEvents.EndAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"the edge ended the revoked key's streams {revoked.ElapsedMilliseconds} ms after the revocation");
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/sdk/v1/ruleset"), (HttpMethod.Get, "/sdk/v1/stream"), (HttpMethod.Get, "/sdk/v1/client-keys"), (HttpMethod.Post, "/ofrep/v1/evaluate/flags"), (HttpMethod.Get, "/ofrep/v1/events") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(edge.Address, setup.ServerKey, method, path));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task UpstreamRefusingTheKey_TheEdgeStopsServingItsLastKnownGood_EvenAfterARestart_UntilTheUpstreamAcceptsItAgain()
    {
        var data = UpstreamFollowerTests.TempDirectory();
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Ruleset = FakeUpstream.Document(1, ("f", true));
        await using (var edge = await EdgeHost.StartAsync(upstream.Address, FakeKey, data, keepData: true))
        {
            upstream.Send("ruleset", 1, upstream.Ruleset);
            await UntilAsync(edge.Address, FakeKey, "/sdk/v1/ruleset", HttpStatusCode.OK);
            await using var stream = await SseTestClient.ConnectAsync(edge.Address, FakeKey);
            Assert.Equal("ruleset", (await stream.NextAsync()).Type);

            upstream.Refusing = true;
            upstream.Send("ruleset", 2, FakeUpstream.Document(2, ("f", false))); // nobody reads it: the stream is refused on reconnect
            await upstream.DisconnectAsync();

            await stream.EndAsync(TimeSpan.FromSeconds(10));
            await UntilAsync(edge.Address, FakeKey, "/sdk/v1/ruleset", HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(edge.Address, FakeKey, HttpMethod.Post, "/ofrep/v1/evaluate/flags/f"));
        }

        // Restarted while the upstream still refuses the key: the last-known-good file is not served to it.
        await using (var restarted = await EdgeHost.StartAsync(upstream.Address, FakeKey, data, keepData: true))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(restarted.Address, FakeKey, HttpMethod.Get, "/sdk/v1/ruleset"));

            upstream.Refusing = false;
            await UntilAsync(restarted.Address, FakeKey, "/sdk/v1/ruleset", HttpStatusCode.OK);
        }

        Directory.Delete(data, recursive: true);
    }

    private static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(Uri address, string key, HttpMethod method, string path)
    {
        using var client = Client(address, key);
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"context":{"targetingKey":"u1"}}""", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task UntilAsync(Uri address, string key, string path, HttpStatusCode expected)
    {
        var method = path.StartsWith("/ofrep/v1/evaluate", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
        var deadline = Stopwatch.StartNew();
        HttpStatusCode last;
        while ((last = await StatusAsync(address, key, method, path)) != expected)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"{path} answered {(int)last}, not {(int)expected}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
