using Vexil.Sdk.Configuration;
using Vexil.Sdk.Status;
using Vexil.Sdk.Tests.Infrastructure;
using Vexil.Testing;

namespace Vexil.Sdk.Tests.RealServer;

/// <summary>The SDK against a real vexil process on loopback: the delivery protocol as the server implements it.</summary>
public sealed class RealServerTests : IAsyncLifetime
{
    private VexilServerProcess _server = null!;
    private AdminApi _admin = null!;
    private string _project = null!;
    private string _serverKey = null!;

    public async ValueTask InitializeAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "vexil-sdk-real", Guid.NewGuid().ToString("N"));
        _server = await VexilServerProcess.StartAsync(data, TestContext.Current.CancellationToken);
        _admin = await AdminApi.SignInAsync(_server.Address, TestContext.Current.CancellationToken);
        _project = await _admin.CreateProjectAsync(TestContext.Current.CancellationToken);
        await _admin.CreateBooleanFlagAsync(_project, "checkout", TestContext.Current.CancellationToken);
        _serverKey = await _admin.CreateSdkKeyAsync(_project, "production", "server", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_change_written_through_the_admin_API_arrives_through_the_stream()
    {
        await using var client = new VexilClient(Options(_server.Address));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.False(client.GetBoolean("checkout", true));

        var version = await _admin.SetEnabledAsync(_project, "production", "checkout", true, TestContext.Current.CancellationToken);

        await Eventually.True(() => client.GetBoolean("checkout", false), "the change arrives", 20_000);
        Assert.Equal(version, client.Ruleset.Version);
        Assert.False(client.Streaming!.IsPolling);
    }

    [Fact(Timeout = 90_000)]
    public async Task When_the_server_is_killed_evaluations_go_on_and_resume_after_restart()
    {
        await using var client = new VexilClient(Options(_server.Address));
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        await _admin.SetEnabledAsync(_project, "production", "checkout", true, TestContext.Current.CancellationToken);
        await Eventually.True(() => client.GetBoolean("checkout", false), "the first change arrives", 20_000);

        await _server.KillAsync();
        await Eventually.True(() => client.Status.State == VexilState.Stale, "the client notices the outage", 20_000);
        Assert.True(client.GetBoolean("checkout", false));

        await _server.RestartAsync(TestContext.Current.CancellationToken);
        using var admin = await AdminApi.SignInAsync(_server.Address, TestContext.Current.CancellationToken);
        var version = await admin.SetEnabledAsync(_project, "production", "checkout", false, TestContext.Current.CancellationToken);

        await Eventually.True(() => !client.GetBoolean("checkout", true), "a change after the restart arrives", 30_000);
        Assert.Equal(version, client.Ruleset.Version);
        await Eventually.True(() => client.Status.State == VexilState.Ready, "ready again", 20_000);
    }

    [Fact(Timeout = 90_000)]
    public async Task An_application_restarted_during_an_outage_evaluates_from_its_file_cache()
    {
        var cache = TestClients.TempFile("ruleset.json");
        await _admin.SetEnabledAsync(_project, "production", "checkout", true, TestContext.Current.CancellationToken);
        await using (var first = new VexilClient(Options(_server.Address) with { CacheFilePath = cache }))
        {
            Assert.True(await first.WaitForInitializationAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
            Assert.True(first.GetBoolean("checkout", false));
        }

        await _server.KillAsync();

        await using var restarted = new VexilClient(Options(_server.Address) with { CacheFilePath = cache });
        Assert.True(restarted.GetBoolean("checkout", false));
        Assert.NotEqual(VexilState.Ready, restarted.Status.State);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_proxy_that_breaks_SSE_forces_polling_and_updates_still_arrive()
    {
        await using var proxy = await SseStrippingProxy.StartAsync(_server.Address);
        await using var client = new VexilClient(Options(proxy.Address) with { StreamFailuresBeforePolling = 2 });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));

        await Eventually.True(() => client.Streaming!.IsPolling, "the client falls back to polling", 20_000);
        var version = await _admin.SetEnabledAsync(_project, "production", "checkout", true, TestContext.Current.CancellationToken);

        await Eventually.True(() => client.GetBoolean("checkout", false), "the change arrives by polling", 20_000);
        Assert.Equal(version, client.Ruleset.Version);
        Assert.True(proxy.StreamRequests >= 2);
    }

    private VexilOptions Options(Uri address) => new()
    {
        SdkKey = _serverKey,
        BaseAddress = address,
        InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        HeartbeatTimeout = TimeSpan.FromSeconds(40),
        PollInterval = TimeSpan.FromMilliseconds(250),
        RequestTimeout = TimeSpan.FromSeconds(5),
        SendEvents = false,
    };
}
