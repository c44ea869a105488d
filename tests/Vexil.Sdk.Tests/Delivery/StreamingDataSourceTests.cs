using Vexil.Sdk.Status;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Delivery;

/// <summary>Streaming against a real server on loopback.</summary>
public sealed class StreamingDataSourceTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_change_arrives_through_the_stream()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("checkout", false));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.False(client.GetBoolean("checkout", true));
        var changed = new TaskCompletionSource<FlagsChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.FlagsChanged += (_, e) => changed.TrySetResult(e);

        server.SetFlag(TestFlags.Boolean("checkout", true));

        var args = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(["checkout"], args.Keys);
        Assert.Equal(2, args.Version);
        Assert.True(client.GetBoolean("checkout", false));
        Assert.Equal(VexilState.Ready, client.Status.State);
        Assert.Equal(0, server.RulesetRequests);
        Assert.Equal(1, server.StreamConnections);
    }

    [Fact(Timeout = 20_000)]
    public async Task When_the_server_dies_evaluations_go_on_with_the_last_rules_and_resume_after_restart()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("checkout", true));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        await server.KillAsync();
        await Eventually.True(() => client.Status.State == VexilState.Stale, "the client notices the outage");
        Assert.True(client.GetBoolean("checkout", false));
        Assert.NotNull(client.Status.LastUpdated);

        server.SetFlag(TestFlags.Boolean("checkout", false)); // committed while the client was away
        await server.RunAsync();
        await Eventually.True(() => !client.GetBoolean("checkout", true), "the missed change arrives after the restart");
        Assert.Equal(2, client.Ruleset.Version);
        await Eventually.True(() => client.Status.State == VexilState.Ready, "ready again");
        Assert.False(client.Streaming!.IsPolling); // an unreachable server is not a proxy breaking SSE
    }

    [Fact(Timeout = 20_000)]
    public async Task A_gap_triggers_a_full_refetch()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", false), TestFlags.Boolean("b", false));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        server.SetFlag(TestFlags.Boolean("a", true), broadcast: false); // version 2 is lost on the way
        server.SetFlag(TestFlags.Boolean("b", true));                   // version 3 arrives: a gap

        await Eventually.True(() => client.Ruleset.Version == 3, "the client catches up to version 3");
        Assert.True(client.GetBoolean("a", false));
        Assert.True(client.GetBoolean("b", false));
        Assert.Equal(1, server.RulesetRequests);
        Assert.Equal(1, client.Streaming!.Refetches);
    }

    [Fact(Timeout = 20_000)]
    public async Task An_invalid_change_is_not_applied_and_later_changes_still_are()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        server.InjectInvalidChange("a");
        await Eventually.True(() => client.Streaming!.Refetches == 1, "the client refetches after the invalid change");
        Assert.Equal(1, client.Ruleset.Version);
        Assert.True(client.GetBoolean("a", false));

        server.SetFlag(TestFlags.Boolean("a", false));
        await Eventually.True(() => client.Ruleset.Version == 2, "the next valid change applies");
        Assert.False(client.GetBoolean("a", true));
    }

    [Fact(Timeout = 20_000)]
    public async Task Versions_never_go_backwards()
    {
        await using var server = await DeliveryTestServer.StartAsync(5, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var versions = new List<long>();
        client.FlagsChanged += (_, e) =>
        {
            lock (versions)
            {
                versions.Add(e.Version);
            }
        };

        // The server comes back from an old backup: version 3, with a different value.
        await server.KillAsync();
        server.Load(3, TestFlags.Boolean("a", false));
        await server.RunAsync();
        await Eventually.True(() => server.StreamConnections >= 2, "the client reconnects (and is sent the older full ruleset)");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(5, client.Ruleset.Version);
        Assert.True(client.GetBoolean("a", false));

        // Once the server moves past the client's version, updates flow again.
        server.Load(6, TestFlags.Boolean("a", false));
        server.SetFlag(TestFlags.Boolean("a", false));
        await Eventually.True(() => client.Ruleset.Version == 7, "the newer version is applied");
        Assert.False(client.GetBoolean("a", true));
        lock (versions)
        {
            Assert.Equal(versions.Order(), versions);
            Assert.DoesNotContain(versions, v => v < 5);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task When_a_proxy_breaks_SSE_the_client_falls_back_to_polling_and_updates_still_arrive()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", false));
        server.BreakSse = true;
        await using var client = new VexilClient(TestClients.Options(server) with { StreamFailuresBeforePolling = 3 });

        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(client.Streaming!.IsPolling);
        Assert.Equal(3, server.StreamConnections);

        server.SetFlag(TestFlags.Boolean("a", true));
        await Eventually.True(() => client.GetBoolean("a", false), "the poll picks up the change");
        Assert.Equal(3, server.StreamConnections);
    }

    [Fact(Timeout = 20_000)]
    public async Task After_falling_back_to_polling_the_client_tries_the_stream_again()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", false));
        server.BreakSse = true;
        await using var client = new VexilClient(TestClients.Options(server) with { StreamFailuresBeforePolling = 2, StreamRetryInterval = TimeSpan.FromMilliseconds(500) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await Eventually.True(() => client.Streaming!.IsPolling, "the client falls back to polling");

        server.BreakSse = false; // the proxy is fixed
        await Eventually.True(() => !client.Streaming!.IsPolling && server.StreamConnections >= 3, "the client streams again");
        var polls = server.RulesetRequests;
        server.SetFlag(TestFlags.Boolean("a", true));
        await Eventually.True(() => client.GetBoolean("a", false), "the change arrives");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(client.Streaming!.IsPolling);
        Assert.True(server.RulesetRequests <= polls + 1);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_stream_that_goes_silent_is_detected_and_replaced()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", false));
        server.Silent = true;
        await using var client = new VexilClient(TestClients.Options(server) with { HeartbeatTimeout = TimeSpan.FromMilliseconds(500) });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        await Eventually.True(() => server.StreamConnections >= 2, "the client reconnects after the heartbeat timeout");
        Assert.False(client.Streaming!.IsPolling);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_disposed_at_once_stops_cleanly()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        for (var i = 0; i < 20; i++)
        {
            var client = new VexilClient(TestClients.Options(server) with { SendEvents = true });
            await client.DisposeAsync();
            Assert.Equal(VexilState.Offline, client.Status.State);
            Assert.False(client.GetBoolean("missing", false)); // still evaluates, never throws
        }

        await Task.Delay(100, TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 20_000)]
    public async Task Retry_After_is_honoured_and_a_busy_server_does_not_force_polling()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        server.BusyStreams = 3;
        await using var client = new VexilClient(TestClients.Options(server) with { StreamFailuresBeforePolling = 2 });

        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        var times = server.StreamTimes;
        Assert.Equal(4, times.Count);
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= 900, $"attempt {i} came {times[i] - times[i - 1]} ms after the previous one");
        }

        Assert.False(client.Streaming!.IsPolling);
    }

    [Theory(Timeout = 20_000)]
    [InlineData("vx_srv_unknown")]
    [InlineData(DeliveryTestServer.ForbiddenKey)]
    public async Task A_refused_key_is_terminal(string key)
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server) with { SdkKey = key });

        Assert.False(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(VexilState.Offline, client.Status.State);
        Assert.False(client.GetBoolean("a", false));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(1, server.StreamConnections);
    }
}
