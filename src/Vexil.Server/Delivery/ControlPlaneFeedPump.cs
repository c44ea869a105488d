using Vexil.Server.Environments;
using Vexil.Hosting.Observability.Tracing;
using Vexil.Server.Storage;

namespace Vexil.Server.Delivery;

/// <summary>
/// Moves every control-plane feed to the environment's latest known version (own commits and, with PostgreSQL, other
/// replicas' commits), publishing one <c>change</c> event per version from the change log; when the log cannot
/// bring a feed forward without a gap, it publishes the whole ruleset instead.
/// </summary>
internal sealed partial class ControlPlaneFeedPump(
    ControlPlaneDeliverySource source,
    ChangeLog changeLog,
    EnvironmentVersionTracker tracker,
    DeliveryMetrics metrics,
    TimeProvider time,
    ILogger<ControlPlaneFeedPump> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = tracker.WaitForChangeAsync(stoppingToken);
            // Environments catch up side by side: a fan-out runs on the publishing thread, and one environment's
            // thousands of streams must not hold back another environment's change.
            await Task.WhenAll(source.Feeds.Select(feed => CatchUpOrLogAsync(feed, stoppingToken)));
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(SafetyPoll, time, stoppingToken);
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

    private async Task CatchUpOrLogAsync(DeliveryFeed feed, CancellationToken stoppingToken)
    {
        try
        {
            if (tracker.Get(feed.Id) > feed.Version)
            {
                await Task.Yield(); // on its own thread, even when the store answers synchronously
            }

            await CatchUpAsync(feed, stoppingToken);
            source.MarkInStep(feed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogCatchUpFailed(logger, e, feed.Id);
        }
    }

    private async Task CatchUpAsync(DeliveryFeed feed, CancellationToken cancellationToken)
    {
        while (tracker.Get(feed.Id) > feed.Version)
        {
            var from = feed.Version;
            var entries = await changeLog.ReadAsync(feed.Id, from, BatchSize, cancellationToken);
            var events = await ChangeEvents.FromChangeLogAsync(entries, from, truncated: entries.Count == BatchSize);
            if (events.Count == 0)
            {
                var document = await source.ReadRulesetAsync(feed.Id, cancellationToken);
                if (document is null || document.Version <= from)
                {
                    return;
                }

                feed.PublishRuleset(await DeliveryEvent.RulesetAsync(document.Version, document.Utf8Json));
                continue;
            }

            var now = time.GetUtcNow();
            foreach (var change in events)
            {
                using var activity = ServerTelemetry.StartPublish(change.Trace, feed.Id, change.Version);
                activity?.SetTag("vexil.subscribers", feed.SubscriberCount);
                if (feed.PublishChange(change) && change.CommittedAt is { } at)
                {
                    metrics.Lag(now - at);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not bring the stream of environment {EnvironmentId} up to date; retrying")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception, long environmentId);
}
