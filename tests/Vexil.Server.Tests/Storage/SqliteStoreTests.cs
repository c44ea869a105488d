using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

/// <summary>The store contract on SQLite (a new file per test).</summary>
public sealed class SqliteStoreTests : ControlPlaneStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-sqlite-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SqliteControlPlaneStore> _stores = [];

    private protected override async Task<IControlPlaneStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_dir);
        var store = new SqliteControlPlaneStore(Path.Combine(_dir, "vexil.db"), Time, new CoreFlagValidator(), new EnvironmentVersionTracker());
        _stores.Add(store);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
