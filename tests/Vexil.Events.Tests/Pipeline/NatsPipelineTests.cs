using Vexil.Events.Aggregation;
using Vexil.Events.Bus.Nats;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Pipeline;

[Collection(NatsCollection.Name)]
public sealed class NatsPipelineTests(NatsServerFixture nats) : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _name = "P" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => _directory.Dispose();

    private NatsMessageBus NewBus() => new(
        new NatsBusOptions { Url = nats.Url, StreamName = _name, SubjectPrefix = "p." + _name, PublishTimeout = TimeSpan.FromSeconds(2) },
        TimeSpan.FromMinutes(2),
        TimeSpan.FromSeconds(5));

    [Fact(Timeout = 120_000)]
    public async Task Stream_ServerRestartedMidStream_EveryAcknowledgedBatchCountsExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = new PipelineScenario();
        await using var store = new SqliteEventStore(_directory.File("events.db"));
        await using var bus = NewBus();
        await bus.OpenConsumerAsync("batches", EventAggregator.ConsumerName, ct);
        var ingestor = Components.Ingestor(bus);
        for (var i = 0; i < 40; i++)
        {
            await scenario.SendAsync(ingestor, bus, i, ct); // stored, not yet consumed
        }

        // The aggregator starts on that backlog and the server is killed (SIGKILL) under it and under the senders.
        var aggregator = Components.Aggregator(bus, store);
        await aggregator.StartAsync(ct);
        var restart = nats.RestartAsync(downFor: TimeSpan.FromSeconds(1));
        for (var i = 40; i < 100; i++)
        {
            await scenario.SendAsync(ingestor, bus, i, ct);
        }

        await restart;
        await scenario.AssertCountsAsync(store, ct);
        await aggregator.StopAsync(CancellationToken.None);
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_AggregatorReplaced_ResumesFromTheDurableConsumer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = new SqliteEventStore(_directory.File("events.db"));

        await new PipelineScenario().RunWithLateAggregatorAsync(NewBus, store, ct);
    }
}
