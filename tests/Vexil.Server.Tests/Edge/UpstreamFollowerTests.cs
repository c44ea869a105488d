using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge;

/// <summary>The edge against a scripted upstream: gaps are healed with a whole ruleset, invalid input is rejected and the last good ruleset stays.</summary>
public sealed class UpstreamFollowerTests
{
    private const string Key = "vx_srv_test-key-for-the-fake-upstream";

    [Fact(Timeout = 30_000)]
    public async Task ChangeAfterAGap_IsNotApplied_AndTheWholeRulesetHealsIt()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, Key, TempDirectory());
        upstream.Send("ruleset", 1, FakeUpstream.Document(1, ("f", false)));
        upstream.Send("change", 2, $$$"""{"version":2,"flags":{"upsert":[{{{FakeUpstream.Flag("f", true)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
        Assert.True(IsEnabled(await RulesetAsync(edge, 2), "f"));

        upstream.Ruleset = FakeUpstream.Document(4, ("f", false), ("g", true));
        upstream.Send("change", 4, """{"version":4,"flags":{"upsert":[],"delete":["f"]},"segments":{"upsert":[],"delete":[]}}""");
        var healed = await RulesetAsync(edge, 4);

        Assert.False(IsEnabled(healed, "f")); // the whole ruleset, not the change after the gap
        Assert.True(IsEnabled(healed, "g"));
        Assert.Equal(1, upstream.RulesetRequests);
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangeThatFailsValidation_IsRejected_AndTheLastGoodRulesetStaysInService()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, Key, TempDirectory());
        upstream.Ruleset = FakeUpstream.Document(1, ("f", true));
        upstream.Send("ruleset", 1, FakeUpstream.Document(1, ("f", true)));
        await RulesetAsync(edge, 1);

        upstream.Send("change", 2, """{"version":2,"flags":{"upsert":[{"key":"f","type":"boolean","variations":[],"fallthrough":{"variation":"nope"}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
        await WaitUntilAsync(() => upstream.RulesetRequests >= 1);
        using var http = new HttpClient { BaseAddress = edge.Address };
        var metrics = await http.ScrapeAsync();
        var held = await RulesetAsync(edge, 1);

        Assert.Equal(1, held.GetProperty("version").GetInt64());
        Assert.True(IsEnabled(held, "f"));
        Assert.Contains("vexil_edge_rulesets_rejected_total{vexil_event_type=\"change\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Edge_AcceptsExactlyItsConfiguredKeys()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, Key, TempDirectory());
        upstream.Send("ruleset", 1, FakeUpstream.Document(1));
        await RulesetAsync(edge, 1);
        using var http = new HttpClient { BaseAddress = edge.Address };

        foreach (var other in new[] { "vx_srv_other", "vx_cli_x", "vx_api_x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var anonymous = await http.GetAsync("/sdk/v1/ruleset", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    internal static string TempDirectory() => Path.Combine(Path.GetTempPath(), "vexil-edge-" + Guid.NewGuid().ToString("N")[..8]);

    private static bool IsEnabled(JsonElement ruleset, string flag) => DeliverySetup.IsEnabled(ruleset, flag);

    /// <summary>The edge's ruleset once it has reached <paramref name="version"/> (Vexil-Min-Version).</summary>
    private static async Task<JsonElement> RulesetAsync(EdgeHost edge, long version)
    {
        using var http = new HttpClient { BaseAddress = edge.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        request.Headers.TryAddWithoutValidation("Vexil-Min-Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.SendAsync(request.Clone(), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK && response.Headers.GetValues("Vexil-Min-Version-Satisfied").Single() == "true")
            {
                return await response.JsonAsync();
            }

            Assert.True(attempt < 50, $"the edge did not reach version {version}: {response.StatusCode}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
