using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events.Aggregation;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Builds the pipeline's parts as the host would, without a host.</summary>
internal static class Components
{
    public static EventIngestor Ingestor(IMessageBus bus, EventsOptions? options = null, TimeProvider? time = null) =>
        new(bus, options ?? EventsOptions.Default, time ?? TimeProvider.System, new EventsMetrics(null), NullLogger<EventIngestor>.Instance);

    public static EventAggregator Aggregator(IMessageBus bus, IEventStore store) =>
        new(bus, store, TimeProvider.System, new EventsMetrics(null), NullLogger<EventAggregator>.Instance);
}
