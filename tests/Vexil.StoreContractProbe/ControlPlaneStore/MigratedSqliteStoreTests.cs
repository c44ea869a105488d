using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

/// <summary>The contract on a copy of a SQLite file migrated by the newer tree; this release's store migrates it at start, as its replica would.</summary>
public sealed class MigratedSqliteStoreTests : ControlPlaneStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-contract-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SqliteControlPlaneStore> _stores = [];

    private protected override async Task<IControlPlaneStore> CreateStoreAsync()
    {
        var template = MigratedSchema.Require(MigratedSchema.SqliteTemplate);
        var path = Path.Combine(_dir, "vexil.db");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(_dir);
            File.Copy(template, path);
        }

        var store = new SqliteControlPlaneStore(path, Time, new CoreFlagValidator(), new EnvironmentVersionTracker());
        _stores.Add(store);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
