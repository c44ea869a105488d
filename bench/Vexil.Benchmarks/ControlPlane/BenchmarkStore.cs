using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Storage.Sqlite;
using Vexil.Testing;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// A migrated control-plane store as production configures it, validating writes with <see cref="CoreFlagValidator"/>,
/// plus raw connections to the same database for seeding. Disposing it deletes the database (and stops PostgreSQL).
/// </summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    private readonly Func<Task<DbConnection>> _open;
    private readonly Func<ValueTask> _dispose;

    private BenchmarkStore(StoreKind kind, SqlControlPlaneStore store, Func<Task<DbConnection>> open, Func<ValueTask> dispose)
    {
        Kind = kind;
        Store = store;
        _open = open;
        _dispose = dispose;
    }

    public StoreKind Kind { get; }

    public SqlControlPlaneStore Store { get; }

    public static async Task<BenchmarkStore> CreateAsync(StoreKind kind)
    {
        var host = kind == StoreKind.Sqlite ? CreateSqlite() : await CreatePostgresAsync();
        await host.Store.MigrateAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Opens a plain connection to the store's database (not one of the store's own).</summary>
    public Task<DbConnection> OpenAsync() => _open();

    public ValueTask DisposeAsync() => _dispose();

    private static BenchmarkStore CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vexil-bench-cp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "vexil.db");
        var store = new SqliteControlPlaneStore(path, TimeProvider.System, new CoreFlagValidator(), new EnvironmentVersionTracker());
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
        return new BenchmarkStore(
            StoreKind.Sqlite,
            store,
            async () =>
            {
                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                return connection;
            },
            () =>
            {
                store.Dispose();
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return ValueTask.CompletedTask;
            });
    }

    private static async Task<BenchmarkStore> CreatePostgresAsync()
    {
        var server = await PostgresServer.StartAsync(durable: true);
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString(maxPoolSize: 20));
        var store = new PostgresControlPlaneStore(dataSource, TimeProvider.System, new CoreFlagValidator(), new EnvironmentVersionTracker());
        return new BenchmarkStore(
            StoreKind.Postgres,
            store,
            async () => await dataSource.OpenConnectionAsync(),
            async () =>
            {
                await dataSource.DisposeAsync();
                await server.DisposeAsync();
            });
    }
}
