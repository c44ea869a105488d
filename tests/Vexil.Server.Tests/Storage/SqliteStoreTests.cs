using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

/// <summary>The store contract on SQLite (a new file per test).</summary>
public sealed class SqliteStoreTests : ControlPlaneStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-sqlite-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SqliteDatabase> _databases = [];

    private protected override async Task<StoreHarness> CreateStoreAsync()
    {
        Directory.CreateDirectory(_dir);
        var database = new SqliteDatabase(Path.Combine(_dir, "vexil.db"), Time, new EnvironmentVersionTracker());
        _databases.Add(database);
        var store = new StoreHarness(database);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private protected override Task<StoreHarness> SecondReplicaAsync(StoreHarness first)
    {
        var database = new SqliteDatabase(Path.Combine(_dir, "vexil.db"), Time, new EnvironmentVersionTracker());
        _databases.Add(database);
        return Task.FromResult(new StoreHarness(database));
    }

    public void Dispose()
    {
        _databases.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
