using Vexil.Events.Aggregation;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Pipeline;

/// <summary>
/// A stream of batches over four flags, each sent the way a bad network would: the body twice (same id) and once more
/// straight onto the bus under another message id, so that only the store's batch-id check keeps counts right.
/// </summary>
internal sealed class PipelineScenario
{
    public const string Environment = "production";
    private const int Flags = 4;
    private readonly long[] _expected = new long[Flags];

    public static string Flag(int i) => $"flag-{i % Flags}";

    public static byte[] Body(int i) => Batches.Utf8(Batches.Body(
        $"batch-{i}",
        [Batches.Summary(Flag(i), i % 2 == 0 ? "on" : "off", i + 1, Batches.Noon.AddMinutes(i % 90))],
        [Batches.Exposure(Flag(i), "on", $"user-{i}", Batches.Noon.AddMinutes(i % 90))]));

    /// <summary>Sends batch <paramref name="i"/> until it is accepted (a sender retries on 503), plus its duplicates.</summary>
    public async Task SendAsync(IEventIngestor ingestor, IMessageBus bus, int i, CancellationToken cancellationToken)
    {
        var body = Body(i);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        IngestResult result;
        while ((result = await ingestor.IngestAsync(Environment, body, EventSender.Server, cancellationToken)).Status == IngestStatus.Unavailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        Assert.Equal(IngestStatus.Accepted, result.Status);
        _expected[i % Flags] += i + 1;
        Assert.Equal(IngestStatus.Accepted, (await ingestor.IngestAsync(Environment, body, EventSender.Server, cancellationToken)).Status);
        await bus.PublishAsync(BusTopics.Events, $"replay-{i}", EventEnvelope.Write(Environment, DateTimeOffset.UtcNow, body), cancellationToken);
    }

    /// <summary>Waits until the store holds exactly the expected counts; they must then stay put.</summary>
    /// <summary>
    /// Thirty batches accepted while no aggregator runs (the bus's durable consumer exists, the bus is then closed), then
    /// a new bus and an aggregator: every batch is counted exactly once.
    /// </summary>
    public async Task RunWithLateAggregatorAsync(Func<IMessageBus> newBus, IEventStore store, CancellationToken cancellationToken)
    {
        await using (var first = newBus())
        {
            await first.OpenConsumerAsync("batches", EventAggregator.ConsumerName, cancellationToken);
            for (var i = 0; i < 30; i++)
            {
                await SendAsync(Components.Ingestor(first), first, i, cancellationToken);
            }
        }

        await using var bus = newBus();
        var aggregator = Components.Aggregator(bus, store);
        await aggregator.StartAsync(cancellationToken);
        await AssertCountsAsync(store, cancellationToken);
        await aggregator.StopAsync(CancellationToken.None);
    }

    public async Task AssertCountsAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var reached = await Eventually.HoldsAsync(async () => (await ActualAsync(store, cancellationToken)).SequenceEqual(_expected), TimeSpan.FromSeconds(30), cancellationToken);
        Assert.True(reached, $"expected [{string.Join(", ", _expected)}], got [{string.Join(", ", await ActualAsync(store, cancellationToken))}]");

        await Task.Delay(1500, cancellationToken); // redeliveries still in flight must not add anything
        Assert.Equal(_expected, await ActualAsync(store, cancellationToken));
    }

    private static async Task<long[]> ActualAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var totals = new long[Flags];
        for (var f = 0; f < Flags; f++)
        {
            var usage = await store.GetUsageAsync(Environment, Flag(f), Batches.Noon.AddDays(-1), Batches.Noon.AddDays(1), UsageGranularity.Day, cancellationToken);
            totals[f] = usage.Sum(p => p.Evaluations);
        }

        return totals;
    }
}
