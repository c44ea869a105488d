using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// Delivery instrumentation with OpenTelemetry-style names: open streams, events sent, subscribers dropped, streams
/// refused, propagation lag (commit to apply, seconds), reconnects and rejected rulesets (edge). Costs nothing without listeners.
/// </summary>
internal sealed class DeliveryMetrics
{
    public const string MeterName = "Vexil.Hosting.Delivery";

    private readonly UpDownCounter<long> _streams;
    private long _changesSent;
    private long _rulesetsSent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _revoked;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _rejected;

    public DeliveryMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _streams = Meter.CreateUpDownCounter<long>("vexil.delivery.streams", "{stream}", "Open delivery streams (SSE connections).");
        // Counted with one interlocked add per flushed batch and observed on collection: 10,000 streams must not
        // each call into metric listeners for every event.
        Meter.CreateObservableCounter(
            "vexil.delivery.events.sent",
            () => new[]
            {
                new Measurement<long>(Volatile.Read(ref _changesSent), new KeyValuePair<string, object?>("vexil.event.type", DeliveryEvent.ChangeType)),
                new Measurement<long>(Volatile.Read(ref _rulesetsSent), new KeyValuePair<string, object?>("vexil.event.type", DeliveryEvent.RulesetType)),
            },
            "{event}",
            "Stream events written to subscribers, by type.");
        _dropped = Meter.CreateCounter<long>("vexil.delivery.subscribers.dropped", "{stream}", "Streams closed because their subscriber fell too far behind.");
        _refused = Meter.CreateCounter<long>("vexil.delivery.streams.refused", "{stream}", "Streams refused with 503 at a limit: the process's, the client keys' budget, or one client key's.");
        _revoked = Meter.CreateCounter<long>("vexil.delivery.streams.revoked", "{stream}", "Streams ended because their key is no longer accepted (revoked, expired, refused by the upstream).");
        _lag = Meter.CreateHistogram<double>(
            "vexil.delivery.propagation.lag",
            "s",
            "Time from a change's commit to its publication here (control plane) or its application (edge).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _reconnects = Meter.CreateCounter<long>("vexil.edge.upstream.reconnects", "{reconnect}", "Times the edge reconnected to its upstream.");
        _rejected = Meter.CreateCounter<long>("vexil.edge.rulesets.rejected", "{ruleset}", "Rulesets or changes from upstream that failed validation and were not applied.");
    }

    public Meter Meter { get; }

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);

    public void EventsSent(int changes, int rulesets)
    {
        if (changes > 0)
        {
            Interlocked.Add(ref _changesSent, changes);
        }

        if (rulesets > 0)
        {
            Interlocked.Add(ref _rulesetsSent, rulesets);
        }
    }

    public void SubscriberDropped() => _dropped.Add(1);

    /// <summary>A stream refused with 503 by <paramref name="limit"/> (<see cref="StreamLimits"/>).</summary>
    public void StreamRefused(string limit = StreamLimits.Process) => _refused.Add(1, new KeyValuePair<string, object?>("vexil.stream.limit", limit));

    public void StreamsRevoked(int count) => _revoked.Add(count);

    public void Lag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));

    public void Reconnect() => _reconnects.Add(1);

    public void Rejected(string kind) => _rejected.Add(1, new KeyValuePair<string, object?>("vexil.event.type", kind));

    /// <summary>Timestamp helper so callers need not reference Stopwatch.</summary>
    public static long Now() => Stopwatch.GetTimestamp();
}
