using System.Text;
using Vexil.Events.Webhooks;
using Vexil.Server.Storage;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Moves committed flag and segment changes from the store's outbox onto the webhook bus. It wakes on every version this
/// process observes (its own commits and, with PostgreSQL, other replicas') and polls once a second besides; a write
/// never waits for it, and an event is removed from the outbox only after the bus holds it durably.
/// </summary>
internal sealed partial class WebhookOutboxRelay(
    WebhookStore store,
    WebhookPublisher publisher,
    EnvironmentVersionTracker tracker,
    WebhookRelayMetrics metrics,
    TimeProvider time,
    ILogger<WebhookOutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = tracker.WaitForChangeAsync(stoppingToken);
            try
            {
                while (await store.DrainWebhookOutboxAsync(BatchSize, PublishAsync, stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRelayFailed(logger, e);
            }

            try
            {
                await changed.WaitAsync(Poll, time, stoppingToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PublishAsync(IReadOnlyList<WebhookOutboxEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await publisher.PublishAsync(entry.Project, entry.Environment, entry.EventId, entry.EventType, Encoding.UTF8.GetBytes(entry.Data), cancellationToken);
            metrics.Relayed(entry.EventType, time.GetUtcNow() - entry.At);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move webhook events from the outbox to the bus; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
