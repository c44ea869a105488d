using Vexil.Events.Aggregation;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

/// <summary>
/// What every <see cref="IEventStore"/> does, run against each (<see cref="SqliteEventStoreTests"/>,
/// <see cref="PostgresEventStoreTests"/>): the embedded store and the shared one answer alike.
/// </summary>
public abstract class EventStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = Batches.Noon;
    private IEventStore _store = null!;

    private protected abstract Task<IEventStore> OpenAsync();

    public async ValueTask InitializeAsync()
    {
        _store = await OpenAsync();
        await _store.InitializeAsync(TestContext.Current.CancellationToken);
    }

    public virtual async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static BatchAggregate Aggregate(string id, params EvaluationSummary[] summaries) =>
        BatchAggregate.From("prod", new EventBatch(id, null, summaries, []));

    private static EvaluationSummary Summary(string flag, string? variation, long count, DateTimeOffset start) =>
        new(flag, variation, 1, count, start, start.AddMinutes(1));

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_SameBatchTwice_CountsItOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = Aggregate("b1", Summary("f", "on", 10, Noon), Summary("f", "off", 3, Noon));

        Assert.True(await _store.ApplyAsync(batch, Noon, ct));
        Assert.False(await _store.ApplyAsync(batch, Noon, ct));

        var usage = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Minute, ct);
        Assert.Equal([new UsagePoint(Noon, "off", 3, 0), new UsagePoint(Noon, "on", 10, 0)], usage);
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_DefaultServed_IsCountedApartFromEveryVariation_AndReadBackWithoutOne()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await _store.ApplyAsync(Aggregate("b1", Summary("f", null, 6, Noon), Summary("f", "on", 2, Noon), Summary("f", null, 1, Noon.AddMinutes(1))), Noon, ct));

        var minutes = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Minute, ct);
        var hours = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Hour, ct);

        Assert.Equal([new UsagePoint(Noon, null, 6, 0), new UsagePoint(Noon, "on", 2, 0), new UsagePoint(Noon.AddMinutes(1), null, 1, 0)], minutes);
        Assert.Equal([new UsagePoint(Noon, null, 7, 0), new UsagePoint(Noon, "on", 2, 0)], hours);
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_SameBatchIdInAnotherEnvironment_IsADifferentBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var summaries = new[] { Summary("f", "on", 1, Noon) };

        Assert.True(await _store.ApplyAsync(BatchAggregate.From("prod", new EventBatch("b1", null, summaries, [])), Noon, ct));
        Assert.True(await _store.ApplyAsync(BatchAggregate.From("staging", new EventBatch("b1", null, summaries, [])), Noon, ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_SummariesAndExposures_CountPerMinuteAndVariation()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = new EventBatch(
            "b1",
            null,
            [Summary("f", "on", 5, Noon.AddSeconds(10)), Summary("f", "on", 7, Noon.AddSeconds(50)), Summary("f", "on", 1, Noon.AddMinutes(1))],
            [new ExposureEvent("f", "on", 1, "u1", Noon.AddSeconds(3)), new ExposureEvent("f", "off", 1, "u2", Noon.AddMinutes(1).AddSeconds(1))]);

        await _store.ApplyAsync(BatchAggregate.From("prod", batch), Noon, ct);

        var usage = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Minute, ct);
        Assert.Equal(
            [new UsagePoint(Noon, "on", 12, 1), new UsagePoint(Noon.AddMinutes(1), "off", 0, 1), new UsagePoint(Noon.AddMinutes(1), "on", 1, 0)],
            usage);
        var hourly = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Hour, ct);
        Assert.Equal([new UsagePoint(Noon, "off", 0, 1), new UsagePoint(Noon, "on", 13, 1)], hourly);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetUsageAsync_OrdersVariationsBytewise_DefaultFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.ApplyAsync(Aggregate("b1", Summary("f", "a", 1, Noon), Summary("f", "B", 2, Noon), Summary("f", null, 3, Noon), Summary("f", "_", 4, Noon)), Noon, ct);

        var usage = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(1), UsageGranularity.Day, ct);

        Assert.Equal([null, "B", "_", "a"], usage.Select(p => p.Variation));
    }

    [Fact(Timeout = 10_000)]
    public async Task MaintainAsync_RollsOldMinutesIntoHoursWithoutChangingTotals()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.ApplyAsync(Aggregate("b1", Summary("f", "on", 5, Noon), Summary("f", "on", 6, Noon.AddMinutes(30)), Summary("f", "on", 7, Noon.AddHours(1))), Noon, ct);
        await _store.ApplyAsync(Aggregate("b2", Summary("f", "on", 100, Noon.AddHours(3))), Noon, ct);

        await _store.MaintainAsync(minuteCutoff: Noon.AddHours(2).AddMinutes(10), hourCutoff: Noon.AddDays(-400), processedCutoff: Noon.AddDays(-7), ct);
        await _store.ApplyAsync(Aggregate("b3", Summary("f", "on", 1, Noon.AddMinutes(45))), Noon, ct); // late: lands in minutes again
        await _store.MaintainAsync(minuteCutoff: Noon.AddHours(2).AddMinutes(10), hourCutoff: Noon.AddDays(-400), processedCutoff: Noon.AddDays(-7), ct);

        var minutes = await _store.GetUsageAsync("prod", "f", Noon, Noon.AddHours(4), UsageGranularity.Minute, ct);
        Assert.Equal(
            [new UsagePoint(Noon, "on", 12, 0), new UsagePoint(Noon.AddHours(1), "on", 7, 0), new UsagePoint(Noon.AddHours(3), "on", 100, 0)],
            minutes);
    }

    [Fact(Timeout = 10_000)]
    public async Task MaintainAsync_PrunesProcessedBatchIdsAfterTheirRetention()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = Aggregate("b1", Summary("f", "on", 1, Noon));
        await _store.ApplyAsync(batch, Noon, ct);

        await _store.MaintainAsync(Noon.AddDays(-7), Noon.AddDays(-400), processedCutoff: Noon.AddSeconds(1), ct);

        Assert.True(await _store.ApplyAsync(batch, Noon, ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task GetActivityAsync_TracksFirstAndLastEvaluationAndRecentVariations()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.ApplyAsync(Aggregate("b1", Summary("a", "on", 1, Noon), Summary("a", "off", 1, Noon.AddDays(-3))), Noon, ct);
        await _store.ApplyAsync(Aggregate("b2", Summary("b", "on", 1, Noon.AddDays(-10))), Noon, ct);

        var activity = await _store.GetActivityAsync("prod", since: Noon.AddDays(-1), ct);

        Assert.Equal(
            [
                new FlagActivity("a", Noon.AddDays(-3), Noon.AddMinutes(1), 1),
                new FlagActivity("b", Noon.AddDays(-10), Noon.AddDays(-10).AddMinutes(1), 0),
            ],
            activity);
    }
}
