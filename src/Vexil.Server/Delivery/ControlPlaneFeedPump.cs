using Vexil.Server.Storage;

namespace Vexil.Server.Delivery;

/// <summary>
/// Moves every control-plane feed to the environment's latest known version (own commits and, with PostgreSQL, other
/// replicas' commits), publishing one <c>change</c> event per version from the change log; when the log cannot
/// bring a feed forward without a gap, it publishes the whole ruleset instead.
/// </summary>
internal sealed partial class ControlPlaneFeedPump(
    ControlPlaneDeliverySource source,
    IControlPlaneStore store,
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
            foreach (var feed in source.Feeds)
            {
                try
                {
                    await CatchUpAsync(feed, stoppingToken);
                    source.MarkInStep(feed);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogCatchUpFailed(logger, e, feed.Id);
                }
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

    private async Task CatchUpAsync(DeliveryFeed feed, CancellationToken cancellationToken)
    {
        while (tracker.Get(feed.Id) > feed.Version)
        {
            var from = feed.Version;
            var entries = await store.GetChangesAsync(feed.Id, from, BatchSize, cancellationToken);
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
