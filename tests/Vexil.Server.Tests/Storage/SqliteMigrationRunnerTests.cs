using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

/// <summary>Migration checksums on SQLite (a new file per test).</summary>
public sealed class SqliteMigrationRunnerTests : MigrationRunnerContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-migrations-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SqliteDatabase> _databases = [];

    private protected override string Folder => "Sqlite";

    private protected override Task<Database> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_dir);
        var database = new SqliteDatabase(Path.Combine(_dir, $"vexil-{_databases.Count}.db"), TimeProvider.System, new EnvironmentVersionTracker());
        _databases.Add(database);
        return Task.FromResult<Database>(database);
    }

    public void Dispose()
    {
        _databases.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
