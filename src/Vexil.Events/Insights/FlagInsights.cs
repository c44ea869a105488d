using Vexil.Events.Aggregation;

namespace Vexil.Events.Insights;

/// <summary>Queries over the aggregates: usage of a flag over time by variation, and stale flags.</summary>
public sealed class FlagInsights
{
    private readonly IEventStore _store;
    private readonly EventsOptions _options;
    private readonly TimeProvider _time;

    internal FlagInsights(IEventStore store, EventsOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>Evaluations and exposures of <paramref name="flag"/> per bucket and variation in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public Task<IReadOnlyList<UsagePoint>> GetUsageAsync(string environment, string flag, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(environment);
        ArgumentException.ThrowIfNullOrEmpty(flag);
        return _store.GetUsageAsync(environment, flag, from, to, granularity, cancellationToken);
    }

    /// <summary>When each flag ever evaluated in <paramref name="environment"/> was last evaluated (the dashboard's flag list).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetLastEvaluatedAsync(string environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(environment);
        var activity = await _store.GetActivityAsync(environment, _time.GetUtcNow(), cancellationToken);
        var last = new Dictionary<string, DateTimeOffset>(activity.Count, StringComparer.Ordinal);
        foreach (var item in activity)
        {
            last[item.Flag] = item.LastEvaluated;
        }

        return last;
    }

    /// <summary>
    /// The stale flags among <paramref name="flags"/> (as the control plane lists them) in <paramref name="environment"/>,
    /// with the stale period <paramref name="staleAfter"/> (default: <see cref="EventsOptions.StaleAfter"/>).
    /// </summary>
    public async Task<IReadOnlyList<StaleFlag>> GetStaleFlagsAsync(string environment, IReadOnlyList<FlagLifecycle> flags, TimeSpan? staleAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(environment);
        var now = _time.GetUtcNow();
        var since = now - (staleAfter ?? _options.StaleAfter);
        var activity = await _store.GetActivityAsync(environment, since, cancellationToken);
        var byFlag = new Dictionary<string, FlagActivity>(activity.Count, StringComparer.Ordinal);
        foreach (var item in activity)
        {
            byFlag[item.Flag] = item;
        }

        var stale = new List<StaleFlag>();
        var reasons = new List<StaleReason>(3);
        foreach (var flag in flags)
        {
            reasons.Clear();
            var seen = byFlag.GetValueOrDefault(flag.Key);
            var oldEnough = flag.CreatedAt <= since;
            if (oldEnough && (seen is null || seen.LastEvaluated < since))
            {
                reasons.Add(StaleReason.NotEvaluated);
            }
            else if (oldEnough && seen is { VariationsSince: 1 } && seen.FirstSeen <= since)
            {
                reasons.Add(StaleReason.SingleVariation);
            }

            if (flag.Temporary && flag.ExpectedLifetime is { } lifetime && flag.CreatedAt + lifetime <= now)
            {
                reasons.Add(StaleReason.PastExpectedLifetime);
            }

            if (reasons.Count > 0)
            {
                stale.Add(new StaleFlag(flag.Key, reasons.ToArray(), seen?.LastEvaluated));
            }
        }

        return stale;
    }
}
