using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Outbox relay instrumentation, OpenTelemetry-style names: <c>vexil.webhooks.events</c> (events moved to the bus, by
/// type) and <c>vexil.webhooks.relay.lag</c> (seconds from the change's commit to its event being on the bus).
/// </summary>
internal sealed class WebhookRelayMetrics
{
    public const string MeterName = "Vexil.Server.Webhooks";

    private readonly Counter<long> _events;
    private readonly Histogram<double> _lag;

    public WebhookRelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("vexil.webhooks.events", "{event}", "Committed flag and segment changes moved from the outbox to the webhook bus.");
        _lag = meter.CreateHistogram<double>("vexil.webhooks.relay.lag", "s", "From a change's commit to its webhook event being durably on the bus.");
    }

    public void Relayed(string eventType, TimeSpan lag)
    {
        var tags = new TagList { { "vexil.event_type", eventType } };
        _events.Add(1, tags);
        _lag.Record(Math.Max(0, lag.TotalSeconds), tags);
    }
}
