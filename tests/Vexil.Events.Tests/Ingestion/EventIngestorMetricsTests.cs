using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events.Ingestion;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Ingestion;

public sealed class EventIngestorMetricsTests
{
    [Fact(Timeout = 10_000)]
    public async Task IngestAsync_CountsBatchesByOutcomeAndAcceptedItems()
    {
        var ct = TestContext.Current.CancellationToken;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var metrics = new EventsMetrics(meterFactory);
        var outcomes = new List<string>();
        long items = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name is "vexil.events.batches" or "vexil.events.items")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "vexil.events.items")
            {
                items += value;
                return;
            }

            foreach (var tag in tags)
            {
                outcomes.Add((string)tag.Value!);
            }
        });
        listener.Start();
        var ingestor = new EventIngestor(new FakeMessageBus(), EventsOptions.Default, TimeProvider.System, metrics, NullLogger<EventIngestor>.Instance);

        await ingestor.IngestAsync("prod", Batches.Utf8(Batches.Body("b1", [Batches.Summary("f", "on", 1, Batches.Noon), Batches.Summary("g", "on", 1, Batches.Noon)])), EventSender.Server, ct);
        await ingestor.IngestAsync("prod", Batches.Utf8("{}"), EventSender.Server, ct);

        Assert.Equal(["accepted", "invalid"], outcomes);
        Assert.Equal(2, items);
    }
}
