using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Vexil.Server.Storage;

namespace Vexil.Server.Delivery;

/// <summary>
/// The control plane's feeds, one per environment, created on first use from the store: the ruleset at its current
/// version and the change-log tail to resume from. <see cref="ControlPlaneFeedPump"/> keeps them current.
/// </summary>
internal sealed class ControlPlaneDeliverySource(
    IControlPlaneStore store,
    EnvironmentVersionTracker tracker,
    IOptions<DeliveryOptions> options,
    DeliveryMetrics metrics) : IDeliverySource, IDisposable
{
    private readonly ConcurrentDictionary<long, DeliveryFeed> _feeds = new();
    private readonly ConcurrentDictionary<long, RulesetDocument> _documents = new();
    private readonly SemaphoreSlim _creating = new(1, 1);

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

            feed = new DeliveryFeed(environmentId, document.Version, ct => ReadRulesetAsync(environmentId, ct), options.Value, metrics);
            var window = options.Value.RecentChanges;
            if (window > 0 && document.Version > 0)
            {
                var since = Math.Max(0, document.Version - window);
                var entries = await store.GetChangesAsync(environmentId, since, 100_000, cancellationToken);
                var events = await ChangeEvents.FromChangeLogAsync(entries.Where(e => e.Version <= document.Version).ToList(), since, truncated: entries.Count == 100_000);
                feed.Seed(events);
            }

            _feeds[environmentId] = feed;
            tracker.Observe(environmentId, document.Version);
            return feed;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The store's ruleset document, read again only when the environment's known version moved.</summary>
    public async Task<RulesetDocument?> ReadRulesetAsync(long environmentId, CancellationToken cancellationToken)
    {
        if (_documents.TryGetValue(environmentId, out var cached) && cached.Version >= tracker.Get(environmentId))
        {
            return cached;
        }

        var document = await store.GetRulesetJsonAsync(environmentId, cancellationToken);
        if (document is not null)
        {
            _documents.AddOrUpdate(environmentId, document, (_, existing) => existing.Version >= document.Version ? existing : document);
        }

        return document;
    }

    public void Dispose() => _creating.Dispose();
}
