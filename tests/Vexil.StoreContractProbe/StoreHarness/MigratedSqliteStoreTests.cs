using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

/// <summary>The contract on a copy of a SQLite file migrated by the newer tree; this release's database migrates it at start, as its replica would.</summary>
public sealed class MigratedSqliteStoreTests : ControlPlaneStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-contract-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SqliteDatabase> _databases = [];

    private string DatabaseFile => Path.Combine(_dir, "vexil.db");

    private protected override async Task<StoreHarness> CreateStoreAsync()
    {
        if (!File.Exists(DatabaseFile))
        {
            Directory.CreateDirectory(_dir);
            File.Copy(MigratedSchema.Require(MigratedSchema.SqliteTemplate), DatabaseFile);
        }

        var store = Open();
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private protected override Task<StoreHarness> SecondReplicaAsync(StoreHarness first) => Task.FromResult(Open());

    public void Dispose()
    {
        _databases.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private StoreHarness Open()
    {
        var database = new SqliteDatabase(DatabaseFile, Time, new EnvironmentVersionTracker());
        _databases.Add(database);
        return new StoreHarness(database);
    }
}
