using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Storage.Sqlite;
using Vexil.Testing;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// A migrated control-plane database as production configures it, with the stores, the environment snapshots and
/// the change recorder wired as the server wires them. Disposing it deletes the database (and stops PostgreSQL).
/// </summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private BenchmarkStore(StoreKind kind, Database database, Func<ValueTask> dispose)
    {
        Kind = kind;
        Database = database;
        _dispose = dispose;
        Snapshots = new EnvironmentSnapshots(database, NullLogger<EnvironmentSnapshots>.Instance);
        Recorder = new ChangeRecorder(database, Snapshots);
        Environments = new EnvironmentStore(database);
        Flags = new FlagStore(database);
    }

    public StoreKind Kind { get; }

    public Database Database { get; }

    public EnvironmentSnapshots Snapshots { get; }

    public ChangeRecorder Recorder { get; }

    public EnvironmentStore Environments { get; }

    public FlagStore Flags { get; }

    public static async Task<BenchmarkStore> CreateAsync(StoreKind kind)
    {
        var host = kind == StoreKind.Sqlite ? CreateSqlite() : await CreatePostgresAsync();
        await host.Database.MigrateAsync(CancellationToken.None);
        return host;
    }

    /// <summary>A new set of snapshots over the same database: what a freshly started replica holds (nothing yet).</summary>
    public EnvironmentSnapshots FreshSnapshots() => new(Database, NullLogger<EnvironmentSnapshots>.Instance);

    public ValueTask DisposeAsync() => _dispose();

    private static BenchmarkStore CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vexil-bench-cp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var database = new SqliteDatabase(Path.Combine(directory, "vexil.db"), TimeProvider.System, new EnvironmentVersionTracker());
        return new BenchmarkStore(
            StoreKind.Sqlite,
            database,
            () =>
            {
                database.Dispose();
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return ValueTask.CompletedTask;
            });
    }

    private static async Task<BenchmarkStore> CreatePostgresAsync()
    {
        var server = await PostgresServer.StartAsync(durable: true);
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString(maxPoolSize: 20));
        return new BenchmarkStore(
            StoreKind.Postgres,
            new PostgresDatabase(dataSource, TimeProvider.System, new EnvironmentVersionTracker()),
            async () =>
            {
                await dataSource.DisposeAsync();
                await server.DisposeAsync();
            });
    }
}
