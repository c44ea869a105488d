using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events.Bus;
using Vexil.Events.Tests.Infrastructure;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

/// <summary>The dispatcher's behaviour, run over each bus (see the two subclasses).</summary>
public abstract class WebhookDispatcherContract : IAsyncLifetime
{
    private const string Secret = "whsec-test";
    private static readonly WebhookOptions FastRetries = new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(400),
        AttemptTimeout = TimeSpan.FromSeconds(2),
        AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")], // the receivers are on loopback, refused by default
    };

    private readonly TempDirectory _directory = new();
    private readonly InMemoryWebhookSubscriptions _subscriptions = new();
    private readonly EventsMetrics _metrics = new(null);
    private readonly ConcurrentDictionary<string, long> _attempts = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private IMessageBus _bus = null!;
    private SqliteWebhookDeliveryLog _log = null!;
    private WebhookPublisher _publisher = null!;
    private WebhookDispatcher _dispatcher = null!;

    public async ValueTask InitializeAsync()
    {
        _bus = CreateBus(_directory);
        _log = new SqliteWebhookDeliveryLog(_directory.File("webhooks.db"));
        _publisher = new WebhookPublisher(_bus, _subscriptions, _log, TimeProvider.System);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, _metrics.WebhookAttempts))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _attempts.AddOrUpdate((string)tags[0].Value!, value, (_, old) => old + value));
        _listener.Start();
        _dispatcher = new WebhookDispatcher(_bus, _subscriptions, _log, FastRetries, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance, _metrics);
        await _dispatcher.StartAsync(TestContext.Current.CancellationToken);
    }

    internal abstract IMessageBus CreateBus(TempDirectory directory);

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        await _log.DisposeAsync();
        await _bus.DisposeAsync();
        _directory.Dispose();
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Dispatch_ReceiverDownThenBack_EveryDeliveryArrivesSigned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver(Ports.Free());
        _subscriptions.Set([new WebhookSubscription("sub-1", "shop", receiver.Url("hook"), Secret)]);
        var deliveries = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.AddRange(await _publisher.PublishAsync("shop", $"evt-{i}", "flag.updated", Encoding.UTF8.GetBytes($$"""{"flag":"f{{i}}"}"""), ct));
        }

        await Task.Delay(1500, ct); // the receiver is down: attempts fail and are retried with backoff
        var whileDown = await _publisher.GetAttemptsAsync("sub-1", 1000, ct);
        Assert.Contains(whileDown, a => a.Outcome == WebhookOutcome.Retrying && a.Attempt >= 2);
        Assert.DoesNotContain(whileDown, a => a.Outcome == WebhookOutcome.Delivered);

        await receiver.StartAsync(ct);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(receiver.Received.Select(r => r.DeliveryId).Distinct().Count() == 5), TimeSpan.FromSeconds(15), ct));

        foreach (var received in receiver.Received)
        {
            Assert.True(WebhookSignature.Verify(received.Signature, Secret, received.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), received.Signature);
            Assert.Equal("flag.updated", received.Type);
            using var body = JsonDocument.Parse(received.Body);
            Assert.Equal("shop", body.RootElement.GetProperty("project").GetString());
        }

        Assert.Equal(deliveries.Order(), receiver.Received.Select(r => r.DeliveryId).Distinct().Order());
        Assert.True(await Eventually.HoldsAsync(
            async () => (await _publisher.GetAttemptsAsync("sub-1", 1000, ct)).Count(a => a.Outcome == WebhookOutcome.Delivered) == 5,
            TimeSpan.FromSeconds(5),
            ct));
        Assert.Equal(5, _attempts.GetValueOrDefault("delivered"));
        Assert.True(_attempts.GetValueOrDefault("retrying") >= 5, $"retrying {_attempts.GetValueOrDefault("retrying")}");
        Assert.Equal(0, _attempts.GetValueOrDefault("gave_up"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Dispatch_ReceiverThatNeverAnswers_DoesNotDelayAnotherReceiver()
    {
        var ct = TestContext.Current.CancellationToken;
        var patient = FastRetries with { AttemptTimeout = TimeSpan.FromSeconds(20) };
        using var dispatcher = new WebhookDispatcher(_bus, _subscriptions, _log, patient, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
        await _dispatcher.StopAsync(ct); // this test's dispatcher waits 20 s on the receiver that never answers
        await using var receiver = new WebhookReceiver(Ports.Free());
        await receiver.StartAsync(ct);
        _subscriptions.Set(
        [
            new WebhookSubscription("slow", "shop", receiver.Url("slow"), Secret),
            new WebhookSubscription("fast", "shop", receiver.Url("hook"), Secret),
        ]);
        await dispatcher.StartAsync(ct);
        var started = DateTimeOffset.UtcNow;

        for (var i = 0; i < 3; i++)
        {
            await _publisher.PublishAsync("shop", $"evt-{i}", "flag.updated", Encoding.UTF8.GetBytes("{}"), ct);
        }

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(receiver.Received.Count >= 3), TimeSpan.FromSeconds(10), ct));
        Assert.All(receiver.Received, r => Assert.True(r.At - started < patient.AttemptTimeout / 2, $"arrived after {r.At - started}"));
        Assert.Empty(await _publisher.GetAttemptsAsync("slow", 100, ct)); // still waiting on the slow one
        await dispatcher.StopAsync(CancellationToken.None);
    }

    [Fact(Timeout = 10_000)]
    public async Task Publish_ProjectWithoutSubscriptions_QueuesNothing()
    {
        _subscriptions.Set([new WebhookSubscription("sub-1", "other", new Uri("http://127.0.0.1:9/"), Secret)]);

        var deliveries = await _publisher.PublishAsync("shop", "evt", "flag.updated", Encoding.UTF8.GetBytes("{}"), TestContext.Current.CancellationToken);

        Assert.Empty(deliveries);
    }
}
