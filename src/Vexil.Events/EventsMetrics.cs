using System.Diagnostics.Metrics;

namespace Vexil.Events;

/// <summary>The pipeline's instruments (meter <c>Vexil.Events</c>); they cost nothing without a listener.</summary>
internal sealed class EventsMetrics : IDisposable
{
    public const string MeterName = "Vexil.Events";

    private readonly Meter _meter;

    public EventsMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Batches = _meter.CreateCounter<long>("vexil.events.batches", "{batch}", "Batches received, by outcome.");
        Items = _meter.CreateCounter<long>("vexil.events.items", "{item}", "Summaries and exposures accepted.");
        EnqueueDuration = _meter.CreateHistogram<double>("vexil.events.enqueue.duration", "s", "Time to make an accepted batch durable on the bus.");
        Aggregated = _meter.CreateCounter<long>("vexil.events.aggregated", "{batch}", "Batches taken off the bus by the aggregator, by result.");
        WebhookAttempts = _meter.CreateCounter<long>("vexil.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by outcome (delivered, retrying, gave_up).");
    }

    public Counter<long> Batches { get; }

    public Counter<long> Items { get; }

    public Histogram<double> EnqueueDuration { get; }

    public Counter<long> Aggregated { get; }

    public Counter<long> WebhookAttempts { get; }

    public void Dispose() => _meter.Dispose();
}
