using System.Diagnostics.Metrics;

namespace Vexil.Edge.Events;

/// <summary>
/// The forwarder's instruments (meter <c>Vexil.Edge.Events</c>, on <c>/metrics</c>): batches forwarded, retried,
/// dropped (by reason) and refused, and the spool's depth.
/// </summary>
internal sealed class ForwardMetrics
{
    public const string MeterName = "Vexil.Edge.Events";

    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _droppedEvaluations;
    private long _droppedTotal;

    public ForwardMetrics(IMeterFactory meterFactory, EventSpool spool)
    {
        var meter = meterFactory.Create(MeterName);
        _forwarded = meter.CreateCounter<long>("vexil.events.forward.batches", "{batch}", "Batches the upstream accepted.");
        _retried = meter.CreateCounter<long>("vexil.events.forward.retries", "{batch}", "Forwarding attempts that failed and will be retried.");
        _dropped = meter.CreateCounter<long>("vexil.events.forward.dropped", "{batch}", "Batches dropped, by reason: rejected (the upstream answered 400 or 413), spool_full and spool_unavailable (the edge's own summaries), unknown_environment (its key is no longer configured), unreadable.");
        _droppedEvaluations = meter.CreateCounter<long>("vexil.events.forward.dropped.evaluations", "{evaluation}", "Evaluations represented by the edge's own summaries that were dropped.");
        meter.CreateObservableCounter("vexil.events.forward.refused", () => spool.Refused, "{batch}", "Batches refused with 503 because the spool was full.");
        meter.CreateObservableGauge("vexil.events.forward.queue.batches", () => spool.Batches, "{batch}", "Batches in the spool, waiting to be forwarded.");
        meter.CreateObservableGauge("vexil.events.forward.queue.size", () => spool.Bytes, "By", "Bytes in the spool, waiting to be forwarded.");
    }

    /// <summary>Batches dropped since start, whatever the reason.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    public void Forwarded() => _forwarded.Add(1);

    public void Retried(int batches) => _retried.Add(batches);

    public void Dropped(string reason, long evaluations = 0)
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        if (evaluations > 0)
        {
            _droppedEvaluations.Add(evaluations);
        }
    }
}
