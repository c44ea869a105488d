using Vexil.Events.Aggregation;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Insights;

public sealed class FlagInsightsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = Batches.Noon;
    private static readonly TimeSpan Period = TimeSpan.FromDays(30);
    private readonly TempDirectory _directory = new();
    private SqliteEventStore _store = null!;
    private FlagInsights _insights = null!;
    private int _batches;

    public ValueTask InitializeAsync()
    {
        _store = new SqliteEventStore(_directory.File("events.db"));
        _insights = new FlagInsights(_store, EventsOptions.Default with { StaleAfter = Period }, new ManualTimeProvider(Now));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private async Task EvaluatedAsync(string flag, string variation, DateTimeOffset at)
    {
        var summary = new EvaluationSummary(flag, variation, 1, 1, at, at);
        await _store.ApplyAsync(BatchAggregate.From("prod", new EventBatch($"b{++_batches}", null, [summary], [])), Now, TestContext.Current.CancellationToken);
    }

    private async Task<Dictionary<string, StaleReason[]>> StaleAsync(CancellationToken ct, params FlagLifecycle[] flags)
    {
        var stale = await _insights.GetStaleFlagsAsync("prod", flags, null, ct);
        return stale.ToDictionary(s => s.Key, s => s.Reasons.ToArray());
    }

    [Fact(Timeout = 10_000)]
    public async Task GetLastEvaluatedAsync_GivesEachFlagsLatestEvaluation()
    {
        await EvaluatedAsync("busy", "on", Now.AddDays(-3));
        await EvaluatedAsync("busy", "off", Now.AddHours(-2));
        await EvaluatedAsync("old", "on", Now.AddDays(-40));

        var last = await _insights.GetLastEvaluatedAsync("prod", TestContext.Current.CancellationToken);

        Assert.Equal(Now.AddHours(-2), last["busy"]);
        Assert.Equal(Now.AddDays(-40), last["old"]);
        Assert.False(last.ContainsKey("never"));
        Assert.Empty(await _insights.GetLastEvaluatedAsync("staging", TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task GetStaleFlagsAsync_NotEvaluatedForThePeriod_IsStale()
    {
        await EvaluatedAsync("quiet", "on", Now.AddDays(-31));
        await EvaluatedAsync("busy", "on", Now.AddDays(-40));
        await EvaluatedAsync("busy", "on", Now.AddDays(-2));
        await EvaluatedAsync("busy", "off", Now.AddDays(-1));

        var stale = await StaleAsync(TestContext.Current.CancellationToken, new("quiet", Now.AddDays(-90)), new("never", Now.AddDays(-90)), new("busy", Now.AddDays(-90)), new("young", Now.AddDays(-2)));

        Assert.Equal([StaleReason.NotEvaluated], stale["quiet"]);
        Assert.Equal([StaleReason.NotEvaluated], stale["never"]);
        Assert.False(stale.ContainsKey("busy"));
        Assert.False(stale.ContainsKey("young"));
    }

    [Fact(Timeout = 10_000)]
    public async Task GetStaleFlagsAsync_OneVariationForThePeriod_IsStale()
    {
        await EvaluatedAsync("rolled-out", "on", Now.AddDays(-45));
        await EvaluatedAsync("rolled-out", "on", Now.AddDays(-1));
        await EvaluatedAsync("split", "on", Now.AddDays(-45));
        await EvaluatedAsync("split", "on", Now.AddDays(-2));
        await EvaluatedAsync("split", "off", Now.AddDays(-1));
        await EvaluatedAsync("new-data", "on", Now.AddDays(-3));

        var stale = await StaleAsync(TestContext.Current.CancellationToken, new("rolled-out", Now.AddDays(-90)), new("split", Now.AddDays(-90)), new("new-data", Now.AddDays(-90)));

        Assert.Equal([StaleReason.SingleVariation], stale["rolled-out"]);
        Assert.False(stale.ContainsKey("split"));
        Assert.False(stale.ContainsKey("new-data")); // watched for less than the period
    }

    [Fact(Timeout = 10_000)]
    public async Task GetStaleFlagsAsync_TemporaryFlagPastItsLifetime_IsStaleEvenWhenBusy()
    {
        await EvaluatedAsync("experiment", "a", Now.AddDays(-1));
        await EvaluatedAsync("experiment", "b", Now.AddDays(-1));

        var stale = await StaleAsync(
            TestContext.Current.CancellationToken,
            new("experiment", Now.AddDays(-20), Temporary: true, ExpectedLifetime: TimeSpan.FromDays(14)),
            new("within-lifetime", Now.AddDays(-2), Temporary: true, ExpectedLifetime: TimeSpan.FromDays(14)),
            new("permanent", Now.AddDays(-2), Temporary: false, ExpectedLifetime: TimeSpan.FromDays(1)));

        Assert.Equal([StaleReason.PastExpectedLifetime], stale["experiment"]);
        Assert.Single(stale);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetUsageAsync_ReturnsCountsPerBucketAndVariation()
    {
        await EvaluatedAsync("f", "on", Now.AddMinutes(-90));
        await EvaluatedAsync("f", "off", Now.AddMinutes(-30));

        var usage = await _insights.GetUsageAsync("prod", "f", Now.AddHours(-2), Now, UsageGranularity.Hour, TestContext.Current.CancellationToken);

        Assert.Equal([new UsagePoint(Now.AddHours(-2), "on", 1, 0), new UsagePoint(Now.AddHours(-1), "off", 1, 0)], usage);
    }
}
