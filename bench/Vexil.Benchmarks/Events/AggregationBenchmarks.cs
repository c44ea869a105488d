using BenchmarkDotNet.Attributes;
using Npgsql;
using Vexil.Events.Aggregation;
using Vexil.Events.Aggregation.Postgres;
using Vexil.Events.Ingestion;
using Vexil.Testing;

namespace Vexil.Benchmarks.Events;

/// <summary>
/// What the aggregator does per batch: fold 1,000 summaries (50 flags, 500 flag × variation × minute rows, which every
/// batch adds to) and apply them to the store in one transaction, batch id included. <see cref="Store"/>:
/// the embedded SQLite file (fsync on commit) or the shared PostgreSQL store (a durable server on loopback, fsync on).
/// </summary>
[Config(typeof(BenchConfig))]
public class AggregationBenchmarks
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private string _directory = null!;
    private PostgresServer? _postgres;
    private IEventStore _store = null!;
    private EvaluationSummary[] _summaries = null!;
    private BatchAggregate _applied = null!;
    private long _next;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "vexil-bench-agg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        if (Store == "postgres")
        {
            _postgres = PostgresServer.StartAsync(durable: true).GetAwaiter().GetResult();
            _store = new PostgresEventStore(NpgsqlDataSource.Create(_postgres.ConnectionString(maxPoolSize: 10)), ownsDataSource: true);
        }
        else
        {
            _store = new SqliteEventStore(Path.Combine(_directory, "events.db"));
        }

        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _summaries = new EvaluationSummary[1000];
        for (var i = 0; i < _summaries.Length; i++)
        {
            var start = Noon.AddMinutes(i % 10);
            _summaries[i] = new EvaluationSummary($"flag-{i / 20}", i % 2 == 0 ? "on" : "off", 7, 100, start, start.AddMinutes(1));
        }

        _applied = Aggregate("applied");
        _store.ApplyAsync(_applied, Noon, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _postgres?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "aggregate + apply a 1,000-summary batch")]
    public Task<bool> Apply() => _store.ApplyAsync(Aggregate("b-" + ++_next), Noon, CancellationToken.None);

    [Benchmark(Description = "the same batch again (a redelivery: nothing changes)")]
    public Task<bool> Redelivered() => _store.ApplyAsync(_applied, Noon, CancellationToken.None);

    private BatchAggregate Aggregate(string id) => BatchAggregate.From("production", new EventBatch(id, null, _summaries, []));
}
