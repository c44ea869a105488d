using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery.Compatibility;

/// <summary>
/// The previous protocol version's client against the current control plane and edge. Version 1 is the baseline:
/// <see cref="FrozenV1Client"/> is a v1 client that never changes, so a server change that breaks v1 fails here.
/// </summary>
public sealed class ProtocolV1CompatibilityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task FrozenV1Client_FollowsTheControlPlane_ThroughUpsertsAndDeletes()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin, "f", "doomed");

        await FollowAndCompareAsync(fixture.Server.Address, setup);
    }

    [Fact(Timeout = 90_000)]
    public async Task FrozenV1Client_FollowsAnEdge_ThroughUpsertsAndDeletes()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin, "f", "doomed");
        await using var edge = await EdgeHost.StartAsync(fixture.Server.Address, setup.ServerKey, Path.Combine(Path.GetTempPath(), "vexil-edge-" + Guid.NewGuid().ToString("N")[..8]));
        await WaitReadyAsync(edge.Address);

        await FollowAndCompareAsync(edge.Address, setup);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null)]
    [InlineData("2")]
    [InlineData("99")]
    public async Task ClientWithoutTheHeaderOrAnnouncingANewerVersion_GetsTheSameVersion1Answer(string? announced)
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        var (v1Headers, v1Body) = await RulesetAsync(setup.ServerKey, "1");

        var (headers, body) = await RulesetAsync(setup.ServerKey, announced);

        Assert.Equal(v1Body, body);
        Assert.Equal("1", headers.GetValues("Vexil-Protocol").Single());
        Assert.Equal("1", v1Headers.GetValues("Vexil-Protocol").Single());
    }

    [Fact(Timeout = 30_000)]
    public async Task ErrorsUnderSdk_SayProtocolVersion1Too()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };

        using var response = await http.GetAsync("/sdk/v1/ruleset", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Vexil-Protocol").Single());
    }

    private async Task FollowAndCompareAsync(Uri server, DeliverySetup setup)
    {
        var token = TestContext.Current.CancellationToken;
        await using var client = new FrozenV1Client(server, setup.ServerKey);
        await client.FetchRulesetAsync(token);
        Assert.Equal(2, client.Flags.Count);
        await client.OpenStreamAsync(token);

        var admin = fixture.Admin;
        await setup.ToggleAsync(admin, "f", true);
        (await admin.SendAsync(HttpMethod.Post, $"{setup.Environment}/segments", new { key = "beta", included = new[] { "user-1" } })).EnsureSuccessStatusCode();
        await admin.CreateFlagAsync(setup.Project, "added");
        using var deleted = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{setup.Project}/flags/doomed", null, "*");
        deleted.EnsureSuccessStatusCode();
        var last = (await deleted.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();

        await client.FollowUntilAsync(last, token);

        await using var fresh = new FrozenV1Client(server, setup.ServerKey);
        await fresh.FetchRulesetAsync(token);
        Assert.Equal(fresh.Version, client.Version);
        Assert.Equal(["added", "f"], client.Flags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["beta"], client.Segments.Keys);
        foreach (var (key, flag) in fresh.Flags)
        {
            Assert.True(JsonNode.DeepEquals(Canonical(flag), Canonical(client.Flags[key])), $"flag {key}: {flag.ToJsonString()} vs {client.Flags[key].ToJsonString()}");
        }

        Assert.True(JsonNode.DeepEquals(Canonical(fresh.Segments["beta"]), Canonical(client.Segments["beta"])), $"{fresh.Segments["beta"].ToJsonString()} vs {client.Segments["beta"].ToJsonString()}");
        Assert.Empty(client.Ignored);
    }

    /// <summary>
    /// The same content in v1's terms: an absent array and an empty one mean the same, as do an absent segment version
    /// and 0 (an edge writes the canonical form: no empty arrays, a segment's version always).
    /// </summary>
    private static JsonObject Canonical(JsonObject item)
    {
        var copy = item.DeepClone().AsObject();
        foreach (var name in copy.Where(p => p.Value is JsonArray { Count: 0 } || (p.Key == "version" && (long?)p.Value == 0)).Select(p => p.Key).ToList())
        {
            copy.Remove(name);
        }

        return copy;
    }

    private async Task<(HttpResponseHeaders Headers, string Body)> RulesetAsync(string key, string? announced)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (announced is not null)
        {
            request.Headers.Add("Vexil-Protocol", announced);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (response.Headers, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task WaitReadyAsync(Uri edge)
    {
        using var http = new HttpClient { BaseAddress = edge };
        while ((await http.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
