using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Events.Aggregation;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

public sealed class EventMaintenanceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task RunOnceAsync_RollsUpMinutesOlderThanTheRetention()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(Batches.Noon);
        await using var store = new SqliteEventStore(_directory.File("events.db"));
        var maintenance = new EventMaintenance(store, EventsOptions.Default with { MinuteRetention = TimeSpan.FromDays(1) }, clock, NullLogger<EventMaintenance>.Instance);
        var summaries = new[]
        {
            new EvaluationSummary("f", "on", 1, 4, Batches.Noon.AddMinutes(5), Batches.Noon.AddMinutes(6)),
            new EvaluationSummary("f", "on", 1, 6, Batches.Noon.AddMinutes(7), Batches.Noon.AddMinutes(8)),
        };
        await store.ApplyAsync(BatchAggregate.From("prod", new EventBatch("b1", null, summaries, [])), Batches.Noon, ct);

        await maintenance.RunOnceAsync(ct);
        var before = await store.GetUsageAsync("prod", "f", Batches.Noon, Batches.Noon.AddHours(1), UsageGranularity.Minute, ct);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));
        await maintenance.RunOnceAsync(ct);
        var after = await store.GetUsageAsync("prod", "f", Batches.Noon, Batches.Noon.AddHours(1), UsageGranularity.Minute, ct);

        Assert.Equal([Batches.Noon.AddMinutes(5), Batches.Noon.AddMinutes(7)], before.Select(p => p.Start));
        Assert.Equal([new UsagePoint(Batches.Noon, "on", 10, 0)], after);
    }
}
