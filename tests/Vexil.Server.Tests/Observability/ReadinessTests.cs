using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Testing;

namespace Vexil.Server.Tests.Observability;

/// <summary>
/// /health/ready means something (issue #18, item 15): each check fails for real — PostgreSQL stopped, nats-server
/// killed, an edge with no ruleset — and readiness says which, while /health/live stays 200.
/// </summary>
public sealed class ReadinessTests
{
    [Fact(Timeout = 120_000)]
    public async Task ControlPlaneOnPostgres_StoreAndListenerFailWhenPostgresStops_AndRecoverWhenItIsBack()
    {
        await using var postgres = await PostgresServer.StartAsync(durable: false);
        await using var server = await VexilTestServer.StartAsync(postgres.ConnectionString());

        var ready = await UntilAsync(server.Address, (status, body) => status == HttpStatusCode.OK && Check(body, "listener") == "healthy");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", Check(ready, "store"));
        Assert.Equal("healthy", Check(ready, "events"));

        await postgres.StopAsync();
        try
        {
            var down = await UntilAsync(server.Address, (status, body) => status == HttpStatusCode.ServiceUnavailable && Check(body, "store") == "unhealthy" && Check(body, "listener") == "unhealthy");
            Assert.Equal("unavailable", down.GetProperty("status").GetString());
            Assert.Contains("does not answer", down.GetProperty("checks").GetProperty("store").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await LiveAsync(server.Address)); // live runs no check: the process answers
        }
        finally
        {
            await postgres.StartAgainAsync();
        }

        var back = await UntilAsync(server.Address, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(40));
        Assert.Equal("ready", back.GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task ControlPlaneWithNats_EventsCheckIsDegradedWhileNatsIsDown_StillServing()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:EventsNatsUrl"] = nats.Url }));
        await UntilAsync(server.Address, (status, body) => status == HttpStatusCode.OK && Check(body, "events") == "healthy");

        await nats.StopAsync();
        var degraded = await UntilAsync(server.Address, (_, body) => Check(body, "events") == "degraded");
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.Equal("healthy", Check(degraded, "store"));
        using (var http = server.Client())
        using (var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // flags do not need the events bus: the balancer keeps the replica
        }

        await nats.StartAgainAsync();
        await UntilAsync(server.Address, (status, body) => status == HttpStatusCode.OK && Check(body, "events") == "healthy", TimeSpan.FromSeconds(30));
    }

    [Fact(Timeout = 60_000)]
    public async Task Edge_WithNoRulesetIsUnavailable_ThenReady_ThroughTheRulesetsCheck()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, "vx_srv_readiness-test-key", UpstreamFollowerTests.TempDirectory());

        var none = await UntilAsync(edge.Address, (status, _) => status == HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unavailable", none.GetProperty("status").GetString());
        Assert.Equal("unhealthy", Check(none, "rulesets"));
        Assert.Equal(HttpStatusCode.OK, await LiveAsync(edge.Address));

        upstream.Send("ruleset", 1, FakeUpstream.Document(1, ("f", true)));
        var ready = await UntilAsync(edge.Address, (status, _) => status == HttpStatusCode.OK);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", Check(ready, "rulesets"));
        Assert.Equal(1, ready.GetProperty("environments")[0].GetProperty("version").GetInt64());
        Assert.False(ready.GetProperty("environments")[0].GetProperty("refused").GetBoolean());
        Assert.Equal(0, ready.GetProperty("eventForwarding").GetProperty("spooledBatches").GetInt64());
    }

    private static string? Check(JsonElement body, string name) =>
        body.TryGetProperty("checks", out var checks) && checks.TryGetProperty(name, out var check) ? check.GetProperty("status").GetString() : null;

    private static async Task<HttpStatusCode> LiveAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var live = await http.GetAsync("/health/live", TestContext.Current.CancellationToken);
        return live.StatusCode;
    }

    private static async Task<JsonElement> UntilAsync(Uri address, Func<HttpStatusCode, JsonElement, bool> done, TimeSpan? within = null)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var body = await response.JsonAsync();
            if (done(response.StatusCode, body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"readiness never matched: {(int)response.StatusCode} {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
