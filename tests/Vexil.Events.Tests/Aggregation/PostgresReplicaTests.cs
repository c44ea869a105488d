using Npgsql;
using Vexil.Events.Aggregation;
using Vexil.Events.Aggregation.Postgres;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

/// <summary>
/// Replicas over one PostgreSQL: each is an <see cref="EventAggregator"/> with a store (and connection pool) of its
/// own, as in separate processes. Whichever replica aggregates a batch, and however often it is delivered, it counts
/// once, and every replica — one added later too — answers usage alike.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReplicaTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Noon = Batches.Noon;

    [Fact(Timeout = 60_000)]
    public async Task TwoReplicas_SameAndDifferentBatchesAtOnce_CountEachOnce_AndAnswerAlike()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        await using var a = new Replica(database);
        await using var b = new Replica(database);
        await Task.WhenAll(a.Store.InitializeAsync(ct), b.Store.InitializeAsync(ct));

        // Each replica handles its messages in turn, as its aggregator does, while the other does the same: 40 batches both
        // receive (a redelivery, an SDK's retry to another replica), in the same order so they race on the same ids and
        // rows, and 20 each receives alone.
        var forA = new List<BusMessage>();
        var forB = new List<BusMessage>();
        for (var i = 0; i < 40; i++)
        {
            forA.Add(Envelope($"both-{i}", 1 + (i % 7)));
            forB.Add(Envelope($"both-{i}", 1 + (i % 7)));
            if (i % 2 == 0)
            {
                forA.Add(Envelope($"a-{i}", 100));
                forB.Add(Envelope($"b-{i}", 1000));
            }
        }

        await Task.WhenAll(Task.Run(() => a.HandleAllAsync(forA, ct), ct), Task.Run(() => b.HandleAllAsync(forB, ct), ct));

        var expected = Enumerable.Range(0, 40).Sum(i => 1 + (i % 7)) + (20 * 100) + (20 * 1000);
        Assert.Equal(forA.Select(m => m.MessageId), a.Consumer.Acked);
        Assert.Equal(forB.Select(m => m.MessageId), b.Consumer.Acked);
        Assert.Empty(a.Consumer.Naked);
        Assert.Empty(b.Consumer.Naked);
        Assert.Equal(expected, await TotalAsync(a.Store, ct));
        Assert.Equal(await UsageAsync(a.Store, ct), await UsageAsync(b.Store, ct));
        Assert.Equal(await a.Store.GetActivityAsync("prod", Noon.AddDays(-1), ct), await b.Store.GetActivityAsync("prod", Noon.AddDays(-1), ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplicaAddedLater_AnswersWithTheWholeHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        await using var a = new Replica(database);
        for (var i = 0; i < 5; i++)
        {
            await a.HandleAsync(Envelope($"early-{i}", 10, Noon.AddMinutes(i)), ct);
        }

        await a.Store.MaintainAsync(Noon.AddHours(1), Noon.AddDays(-400), Noon.AddDays(-7), ct); // some history already rolled into hours

        await using var later = new Replica(database);
        await later.Store.InitializeAsync(ct);

        Assert.Equal(50, await TotalAsync(later.Store, ct));
        Assert.Equal(await UsageAsync(a.Store, ct), await UsageAsync(later.Store, ct));
        Assert.Equal([new FlagActivity("f", Noon, Noon.AddMinutes(5), 1)], await later.Store.GetActivityAsync("prod", Noon.AddDays(-1), ct));

        await later.HandleAsync(Envelope("early-3", 10, Noon.AddMinutes(3)), ct); // redelivered to the newcomer
        Assert.Equal(50, await TotalAsync(a.Store, ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplicaKilledMidBatch_LeavesNothing_AndTheRedeliveredBatchCountsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        await using var a = new Replica(database);
        await using var b = new Replica(database);
        await a.HandleAsync(Envelope("first", 1), ct);

        // Hold the flag's activity row: A's batch inserts its id and its minutes, then waits on that row, mid-transaction.
        await using var blocker = new NpgsqlConnection(database);
        await blocker.OpenAsync(ct);
        await using var hold = await blocker.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM events_flag_activity WHERE environment = 'prod' AND flag = 'f' FOR UPDATE", blocker, hold))
        {
            Assert.Equal(1, await lockRow.ExecuteScalarAsync(ct));
        }

        var killed = a.HandleAsync(Envelope("second", 20), ct);
        await using var observer = new NpgsqlConnection(database);
        await observer.OpenAsync(ct);
        var backend = await WaitForBlockedBackendAsync(observer, ct);
        await using (var wrote = new NpgsqlCommand("SELECT COUNT(*) FROM pg_locks WHERE pid = @pid AND relation = 'events_usage_minute'::regclass AND mode = 'RowExclusiveLock'", observer))
        {
            wrote.Parameters.AddWithValue("pid", backend);
            Assert.Equal(1L, await wrote.ExecuteScalarAsync(ct)); // its minutes are written, not committed
        }

        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", observer))
        {
            terminate.Parameters.AddWithValue("pid", backend); // the replica dies: its connection is gone, its transaction with it
            Assert.Equal(true, await terminate.ExecuteScalarAsync(ct));
        }

        await killed;
        await hold.RollbackAsync(ct);

        Assert.Equal(["first"], a.Consumer.Acked);
        Assert.Equal("second", Assert.Single(a.Consumer.Naked).MessageId);
        Assert.Equal(1, await TotalAsync(b.Store, ct));
        Assert.Equal(0L, await ScalarAsync(observer, "SELECT COUNT(*) FROM events_processed_batches WHERE batch_id = 'second'", ct));

        await b.HandleAsync(Envelope("second", 20), ct); // redelivered to the replica that lives
        await a.HandleAsync(Envelope("second", 20), ct); // and once more to the first, restarted

        Assert.Equal(21, await TotalAsync(a.Store, ct));
        Assert.Equal(21, await TotalAsync(b.Store, ct));
        Assert.Contains("second", b.Consumer.Acked);
        Assert.Equal(["first", "second"], a.Consumer.Acked);
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplicasStartingTogether_MigrateOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => new Replica(database)).ToArray();
        try
        {
            await Task.WhenAll(replicas.Select(r => r.Store.InitializeAsync(ct)));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(ct);
            Assert.Equal((long)PostgresEventStoreSql.Migrations.Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM events_schema", ct));
            Assert.Equal(PostgresEventStoreSql.Migrations[^1].Version, await ScalarAsync(connection, "SELECT MAX(version) FROM events_schema", ct));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task TwoReplicasRollingUpAtOnce_MoveEachMinuteOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        await using var a = new Replica(database);
        await using var b = new Replica(database);
        for (var i = 0; i < 30; i++)
        {
            await a.HandleAsync(Envelope($"m-{i}", 1 + i, Noon.AddMinutes(i * 7)), ct);
        }

        var before = await TotalAsync(a.Store, ct);
        await Task.WhenAll(
            a.Store.MaintainAsync(Noon.AddDays(1), Noon.AddDays(-400), Noon.AddDays(-7), ct),
            b.Store.MaintainAsync(Noon.AddDays(1), Noon.AddDays(-400), Noon.AddDays(-7), ct));
        await b.Store.MaintainAsync(Noon.AddDays(1), Noon.AddDays(-400), Noon.AddDays(-7), ct);

        Assert.Equal(before, await TotalAsync(b.Store, ct));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM events_usage_minute", ct));
    }

    private static BusMessage Envelope(string batchId, long count, DateTimeOffset? at = null) =>
        new(batchId, EventEnvelope.Write("prod", Noon, Batches.Utf8(Batches.Body(batchId, [Batches.Summary("f", "on", count, at ?? Noon)]))), 1, batchId);

    private static async Task<long> TotalAsync(IEventStore store, CancellationToken ct) =>
        (await UsageAsync(store, ct)).Sum(p => p.Evaluations);

    private static Task<IReadOnlyList<UsagePoint>> UsageAsync(IEventStore store, CancellationToken ct) =>
        store.GetUsageAsync("prod", "f", Noon.AddDays(-1), Noon.AddDays(2), UsageGranularity.Minute, ct);

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task<int> WaitForBlockedBackendAsync(NpgsqlConnection observer, CancellationToken ct)
    {
        const string Sql = """
            SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%events_flag_activity%'
            """;
        while (true)
        {
            if (await ScalarAsync(observer, Sql, ct) is int pid)
            {
                return pid;
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>One replica: its own pool, store, aggregator and (fake) bus consumer.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly EventAggregator _aggregator;

        public Replica(string database)
        {
            Store = new PostgresEventStore(NpgsqlDataSource.Create(database), ownsDataSource: true);
            _aggregator = Components.Aggregator(new FakeMessageBus(), Store);
        }

        public PostgresEventStore Store { get; }

        public FakeMessageConsumer Consumer { get; } = new();

        public Task HandleAsync(BusMessage message, CancellationToken ct) => _aggregator.HandleAsync(Consumer, message, ct);

        public async Task HandleAllAsync(IEnumerable<BusMessage> messages, CancellationToken ct)
        {
            foreach (var message in messages)
            {
                await HandleAsync(message, ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _aggregator.Dispose();
            await Store.DisposeAsync();
        }
    }
}
