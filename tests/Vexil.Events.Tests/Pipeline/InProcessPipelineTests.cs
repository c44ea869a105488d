using Vexil.Events.Aggregation;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Pipeline;

public sealed class InProcessPipelineTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SqliteMessageBus NewBus() =>
        new(_directory.File("queue.db"), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeProvider.System);

    [Fact(Timeout = 60_000)]
    public async Task Stream_BusKilledAndRecreatedMidStream_EveryAcceptedBatchCountsExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = new PipelineScenario();
        await using var store = new SqliteEventStore(_directory.File("events.db"));

        var bus = NewBus();
        var aggregator = Components.Aggregator(bus, store);
        await aggregator.StartAsync(ct);
        for (var i = 0; i < 60; i++)
        {
            await scenario.SendAsync(Components.Ingestor(bus), bus, i, ct);
        }

        // The "crash": the bus object goes away under a running aggregator, with messages queued and in flight.
        await bus.DisposeAsync();
        await aggregator.StopAsync(CancellationToken.None);

        bus = NewBus();
        aggregator = Components.Aggregator(bus, store);
        await aggregator.StartAsync(ct);
        for (var i = 60; i < 120; i++)
        {
            await scenario.SendAsync(Components.Ingestor(bus), bus, i, ct);
        }

        await scenario.AssertCountsAsync(store, ct);
        await aggregator.StopAsync(CancellationToken.None);
        await bus.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_AcceptedWhileNoAggregatorRuns_IsCountedWhenOneStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = new SqliteEventStore(_directory.File("events.db"));

        await new PipelineScenario().RunWithLateAggregatorAsync(NewBus, store, ct);
    }
}
