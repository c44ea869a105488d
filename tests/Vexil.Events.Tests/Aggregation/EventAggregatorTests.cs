using System.Text;
using Vexil.Events.Aggregation;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

public sealed class EventAggregatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static BusMessage Message(string id, byte[] payload) => new(id, payload, 1, id);

    private static byte[] Envelope(string batchId) =>
        EventEnvelope.Write("prod", Batches.Noon, Batches.Utf8(Batches.Body(batchId, [Batches.Summary("f", "on", 3, Batches.Noon)])));

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_Batch_IsCountedThenAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = new SqliteEventStore(_directory.File("events.db"));
        var consumer = new FakeMessageConsumer();
        var aggregator = Components.Aggregator(new FakeMessageBus(), store);

        await aggregator.HandleAsync(consumer, Message("m1", Envelope("b1")), ct);
        await aggregator.HandleAsync(consumer, Message("m2", Envelope("b1")), ct);

        Assert.Equal(["m1", "m2"], consumer.Acked);
        var usage = await store.GetUsageAsync("prod", "f", Batches.Noon, Batches.Noon.AddHours(1), UsageGranularity.Hour, ct);
        Assert.Equal(3, Assert.Single(usage).Evaluations);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NotAnEnvelope_IsAcknowledgedSoItCannotBlockTheStream()
    {
        var consumer = new FakeMessageConsumer();
        var aggregator = Components.Aggregator(new FakeMessageBus(), new FailingEventStore());

        await aggregator.HandleAsync(consumer, Message("poison", Encoding.UTF8.GetBytes("not json")), TestContext.Current.CancellationToken);

        Assert.Equal(["poison"], consumer.Acked);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_StoreFails_AsksForTheMessageAgain()
    {
        var consumer = new FakeMessageConsumer();
        var aggregator = Components.Aggregator(new FakeMessageBus(), new FailingEventStore());

        await aggregator.HandleAsync(consumer, Message("m1", Envelope("b1")), TestContext.Current.CancellationToken);

        Assert.Empty(consumer.Acked);
        Assert.Equal("m1", Assert.Single(consumer.Naked).MessageId);
    }
}
