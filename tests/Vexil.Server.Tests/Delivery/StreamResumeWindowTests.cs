using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>
/// /sdk/v1/stream on the control plane when the retained change log cannot bridge from the client's Last-Event-ID
/// (older than the resume window): the whole ruleset comes first, then live changes in order.
/// </summary>
public sealed class StreamResumeWindowTests(StreamResumeWindowTests.Fixture fixture) : IClassFixture<StreamResumeWindowTests.Fixture>
{
    private const int Window = 2;

    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task Stream_LastEventIdOlderThanTheWindowAtFeedCreation_StartsWithTheWholeRuleset()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        var old = await setup.ToggleAsync(Admin, "f", true);
        long current = 0;
        for (var i = 0; i < Window + 2; i++)
        {
            current = await setup.ToggleAsync(Admin, "f", i % 2 == 1);
        }

        // The first stream of this environment creates its feed, seeded with only the last Window changes.
        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: old);
        var first = await stream.NextAsync();

        Assert.Equal(("ruleset", current), (first.Type, first.Version));
        Assert.Equal(current, first.Json.GetProperty("version").GetInt64());
        Assert.True(DeliverySetup.IsEnabled(first.Json, "f"));
        var next = await setup.ToggleAsync(Admin, "f", false);
        var change = await stream.NextAsync();
        Assert.Equal(("change", next), (change.Type, change.Version));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_LastEventIdThatLiveChangesPushedOutOfTheWindow_StartsWithTheWholeRuleset()
    {
        var setup = await DeliverySetup.CreateAsync(Admin);
        await using var watcher = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);
        var start = (await watcher.NextAsync()).Version;
        var old = await setup.ToggleAsync(Admin, "f", true);
        long current = 0;
        for (var i = 0; i < Window + 2; i++)
        {
            current = await setup.ToggleAsync(Admin, "f", i % 2 == 1);
        }

        // The feed exists and published every version live: the ones after `old` no longer fit the window.
        Assert.Equal(current, (await watcher.UntilVersionAsync(current))[^1].Version);
        await using var resumedWithinWindow = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: current - 1);
        await using var resumedTooLate = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey, lastEventId: old);

        Assert.True(old > start);
        Assert.Equal(("change", current), Describe(await resumedWithinWindow.NextAsync()));
        var first = await resumedTooLate.NextAsync();
        Assert.Equal(("ruleset", current), Describe(first));
        Assert.True(DeliverySetup.IsEnabled(first.Json, "f"));
    }

    private static (string Type, long Version) Describe(SseEvent e) => (e.Type, e.Version);

    public sealed class Fixture : IAsyncLifetime
    {
        public VexilTestServer Server { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:Delivery:RecentChanges"] = Window.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
