using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Vexil.Server.Environments;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;

namespace Vexil.Server.Delivery;

/// <summary>
/// The control plane's feeds, one per environment, created on first use from the store: the ruleset at its current
/// version and the change-log tail to resume from. <see cref="ControlPlaneFeedPump"/> keeps them current.
/// </summary>
internal sealed class ControlPlaneDeliverySource : IDeliverySource, IDisposable
{
    private readonly ConcurrentDictionary<long, DeliveryFeed> _feeds = new();
    private readonly ConcurrentDictionary<long, long> _inStepTicks = new();
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly ChangeLog _changeLog;
    private readonly EnvironmentSnapshots _snapshots;
    private readonly EnvironmentVersionTracker _tracker;
    private readonly IOptions<DeliveryOptions> _options;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _time;

    public ControlPlaneDeliverySource(ChangeLog changeLog, EnvironmentSnapshots snapshots, EnvironmentVersionTracker tracker, IOptions<DeliveryOptions> options, DeliveryMetrics metrics, TimeProvider time)
    {
        _changeLog = changeLog;
        _snapshots = snapshots;
        _tracker = tracker;
        _options = options;
        _metrics = metrics;
        _time = time;
        metrics.Meter.CreateObservableGauge(
            "vexil.controlplane.ruleset.age",
            () => _feeds.Values.Select(f => new Measurement<double>(
                Age(f.Version, _tracker.Get(f.Id), InStepAt(f.Id), _time.GetUtcNow()),
                new KeyValuePair<string, object?>("vexil.environment.id", f.Id))),
            "s",
            "How long each environment's stream has been behind its latest committed version (0 while in step).");
    }

    public IEnumerable<DeliveryFeed> Feeds => _feeds.Values;

    public async Task<DeliveryFeed?> GetFeedAsync(long environmentId, CancellationToken cancellationToken)
    {
        if (_feeds.TryGetValue(environmentId, out var feed))
        {
            return feed;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_feeds.TryGetValue(environmentId, out feed))
            {
                return feed;
            }

            var document = await ReadRulesetAsync(environmentId, cancellationToken);
            if (document is null)
            {
                return null;
            }

            feed = new DeliveryFeed(environmentId, document.Version, ct => ReadRulesetAsync(environmentId, ct), _options.Value, _metrics);
            var window = _options.Value.RecentChanges;
            if (window > 0 && document.Version > 0)
            {
                var since = Math.Max(0, document.Version - window);
                var entries = await _changeLog.ReadAsync(environmentId, since, 100_000, cancellationToken);
                var events = await ChangeEvents.FromChangeLogAsync(entries.Where(e => e.Version <= document.Version).ToList(), since, truncated: entries.Count == 100_000);
                feed.Seed(events);
            }

            _feeds[environmentId] = feed;
            _tracker.Observe(environmentId, document.Version);
            MarkInStep(feed);
            return feed;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The environment's snapshot document at the latest version this process knows (written once per version).</summary>
    public async Task<RulesetDocument?> ReadRulesetAsync(long environmentId, CancellationToken cancellationToken) =>
        await _snapshots.GetAsync(environmentId, cancellationToken) is { } snapshot ? new RulesetDocument(snapshot.Version, snapshot.Document) : null;

    /// <summary>Notes that <paramref name="feed"/> has published every version this process knows to be committed.</summary>
    public void MarkInStep(DeliveryFeed feed)
    {
        if (feed.Version >= _tracker.Get(feed.Id))
        {
            _inStepTicks[feed.Id] = _time.GetUtcNow().UtcTicks;
        }
    }

    /// <summary>
    /// The control plane's ruleset age: 0 while the environment's stream is at the latest version this process
    /// knows to be committed (its own writes, and other replicas' through PostgreSQL notifications); otherwise the
    /// time since it was last in step, which grows while the feed cannot catch up (for example, the store is failing).
    /// </summary>
    public static double Age(long feedVersion, long committedVersion, DateTimeOffset inStepAt, DateTimeOffset now) =>
        feedVersion >= committedVersion ? 0 : Math.Max(0, (now - inStepAt).TotalSeconds);

    public void Dispose() => _creating.Dispose();

    private DateTimeOffset InStepAt(long environmentId) =>
        new(_inStepTicks.TryGetValue(environmentId, out var ticks) ? ticks : _time.GetUtcNow().UtcTicks, TimeSpan.Zero);
}
