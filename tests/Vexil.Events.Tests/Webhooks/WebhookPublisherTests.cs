using System.Text;
using System.Text.Json;
using Vexil.Events.Bus;
using Vexil.Events.Tests.Infrastructure;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

public sealed class WebhookPublisherTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly FakeMessageBus _bus = new();
    private readonly InMemoryWebhookSubscriptions _subscriptions = new();
    private SqliteWebhookDeliveryLog _log = null!;
    private WebhookPublisher _publisher = null!;

    public ValueTask InitializeAsync()
    {
        _log = new SqliteWebhookDeliveryLog(_directory.File("webhooks.db"));
        _publisher = new WebhookPublisher(_bus, _subscriptions, _log, TimeProvider.System);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    [Fact(Timeout = 10_000)]
    public async Task PublishAsync_QueuesOnlyForSubscriptionsWhoseTypesAndEnvironmentMatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var url = new Uri("http://127.0.0.1:1/hook");
        _subscriptions.Set(
        [
            new WebhookSubscription("all", "shop", url, "s"),
            new WebhookSubscription("toggles-prod", "shop", url, "s", ["flag.toggled"], "production"),
            new WebhookSubscription("segments", "shop", url, "s", ["segment.*"]),
            new WebhookSubscription("other-project", "blog", url, "s"),
        ]);

        var staging = await _publisher.PublishAsync("shop", "staging", "evt-1", "flag.toggled", Encoding.UTF8.GetBytes("""{"flag":"f"}"""), ct);
        var production = await _publisher.PublishAsync("shop", "production", "evt-2", "flag.toggled", Encoding.UTF8.GetBytes("""{"flag":"f"}"""), ct);

        Assert.Equal(["evt-1.all"], staging);
        Assert.Equal(["evt-2.all", "evt-2.toggles-prod"], production);
        Assert.Equal(["evt-1.all", "evt-2.all", "evt-2.toggles-prod"], _bus.Published.Select(p => p.MessageId));
        Assert.All(_bus.Published, p => Assert.Equal("webhooks", p.Topic));
        using var message = JsonDocument.Parse(_bus.Published[^1].Payload);
        using var body = JsonDocument.Parse(message.RootElement.GetProperty("body").GetString()!);
        Assert.Equal(("evt-2", "flag.toggled", "shop", "f"), (body.RootElement.GetProperty("id").GetString(), body.RootElement.GetProperty("type").GetString(), body.RootElement.GetProperty("project").GetString(), body.RootElement.GetProperty("data").GetProperty("flag").GetString()));
    }

    [Fact(Timeout = 10_000)]
    public async Task PublishAsync_BusDown_Throws_SoTheCallerKeepsTheEvent()
    {
        _subscriptions.Set([new WebhookSubscription("all", "shop", new Uri("http://127.0.0.1:1/hook"), "s")]);
        _bus.Unavailable = true;

        await Assert.ThrowsAsync<BusUnavailableException>(() => _publisher.PublishAsync("shop", "production", "evt-1", "flag.updated", Encoding.UTF8.GetBytes("{}"), TestContext.Current.CancellationToken));
    }
}
