using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Tests.Infrastructure;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

/// <summary>
/// Where the dispatcher may connect: never to loopback, private, link-local or reserved addresses (whatever the URL
/// says: a name, a decimal address, an IPv4-mapped IPv6 one), unless an allowed network names them; and what the
/// delivery log (which viewers read) says about a failure: its class, never the address or the socket's error.
/// </summary>
public sealed class WebhookDestinationTests : IAsyncLifetime
{
    private const string Secret = "whsec-test";

    private readonly TempDirectory _directory = new();
    private readonly InMemoryWebhookSubscriptions _subscriptions = new();
    private SqliteMessageBus _bus = null!;
    private SqliteWebhookDeliveryLog _log = null!;
    private WebhookPublisher _publisher = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _bus = new SqliteMessageBus(_directory.File("queue.db"), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeProvider.System);
        _log = new SqliteWebhookDeliveryLog(_directory.File("webhooks.db"));
        _publisher = new WebhookPublisher(_bus, _subscriptions, _log, TimeProvider.System);
        _receiver = new WebhookReceiver(Ports.Free());
        await _receiver.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _log.DisposeAsync();
        await _bus.DisposeAsync();
        _directory.Dispose();
    }

    public static TheoryData<string> LoopbackForms => ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]"];

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(LoopbackForms))]
    public async Task LoopbackReceiver_ByDefault_IsNeverConnected_AndTheLogNamesOnlyTheClass(string host)
    {
        var attempt = await FirstAttemptAsync(new Uri($"http://{host}:{_receiver.Port}/hook"), new WebhookOptions { AttemptTimeout = TimeSpan.FromSeconds(5) }, TestContext.Current.CancellationToken);

        Assert.Empty(_receiver.Received);
        Assert.Equal(WebhookOutcome.Retrying, attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.Equal(WebhookFailure.NotAllowed, attempt.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoopbackReceiver_InAnAllowedNetwork_IsDelivered()
    {
        var options = new WebhookOptions { AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] };

        var attempt = await FirstAttemptAsync(_receiver.Url("hook"), options, TestContext.Current.CancellationToken);

        Assert.Equal(WebhookOutcome.Delivered, attempt.Outcome);
        Assert.Single(_receiver.Received);
    }

    [Fact(Timeout = 30_000)]
    public async Task RefusedConnection_IsLoggedAsItsClass_WithoutTheAddressOrPort()
    {
        var closed = Ports.Free();
        var options = new WebhookOptions { AllowedNetworks = [IPNetwork.Parse("127.0.0.1/32")] };

        var attempt = await FirstAttemptAsync(new Uri($"http://127.0.0.1:{closed}/hook"), options, TestContext.Current.CancellationToken);

        Assert.Equal(WebhookFailure.ConnectionFailed, attempt.Error);
        Assert.DoesNotContain(closed.ToString(System.Globalization.CultureInfo.InvariantCulture), attempt.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", attempt.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnAllowedNetwork_DoesNotOpenTheOthers()
    {
        // A name resolving to loopback, with only a private network allowed: still refused.
        var options = new WebhookOptions { AllowedNetworks = [IPNetwork.Parse("10.0.0.0/8")] };

        var attempt = await FirstAttemptAsync(new Uri($"http://localhost:{_receiver.Port}/hook"), options, TestContext.Current.CancellationToken);

        Assert.Equal(WebhookFailure.NotAllowed, attempt.Error);
        Assert.Empty(_receiver.Received);
    }

    /// <summary>Runs a dispatcher with <paramref name="options"/>, publishes one event to <paramref name="url"/> and returns the first attempt logged.</summary>
    private async Task<WebhookAttempt> FirstAttemptAsync(Uri url, WebhookOptions options, CancellationToken ct)
    {
        _subscriptions.Set([new WebhookSubscription("sub", "shop", url, Secret)]);
        using var dispatcher = new WebhookDispatcher(_bus, _subscriptions, _log, options with { InitialRetryDelay = TimeSpan.FromMinutes(1) }, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
        await dispatcher.StartAsync(ct);
        try
        {
            await _publisher.PublishAsync("shop", "evt-1", "flag.updated", Encoding.UTF8.GetBytes("{}"), ct);
            IReadOnlyList<WebhookAttempt> attempts = [];
            Assert.True(await Eventually.HoldsAsync(async () => (attempts = await _publisher.GetAttemptsAsync("sub", 10, ct)).Count > 0, TimeSpan.FromSeconds(20), ct));
            return attempts[0];
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }
}
