using Microsoft.Data.Sqlite;
using Npgsql;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Migrations;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Storage.Sqlite;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage.PreviousRelease;

/// <summary>
/// Databases migrated by this tree, exactly as a replica of this release migrates at start (<see cref="Database.MigrateAsync(IReadOnlyList{Migration}, CancellationToken)"/>),
/// for the previous release's store contract to copy: one SQLite file and one PostgreSQL database.
/// </summary>
internal static class MigratedTemplates
{
    /// <summary>This tree's migrations of a dialect (<c>Sqlite</c>, <c>Postgres</c>), followed by <paramref name="extra"/>.</summary>
    public static IReadOnlyList<Migration> Of(string folder, IReadOnlyList<Migration> extra) => [.. Migration.Load(folder), .. extra];

    /// <summary>Migrates a new SQLite file in <paramref name="folder"/> and returns its path.</summary>
    public static async Task<string> SqliteAsync(string folder, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "template.db");
        using (var database = new SqliteDatabase(path, TimeProvider.System, new EnvironmentVersionTracker()))
        {
            await database.MigrateAsync(migrations, cancellationToken);
        }

        // Closing the last connection checkpoints the write-ahead log into the file, so a copy of the file is the database.
        SqliteConnection.ClearAllPools();
        if (File.Exists(path + "-wal"))
        {
            throw new InvalidOperationException($"{path}-wal is still there after the last connection closed: a copy of {path} alone would miss the migrations.");
        }

        return path;
    }

    /// <summary>Migrates a new PostgreSQL database and returns its connection string; every connection to it is closed, so it can be a template.</summary>
    public static async Task<string> PostgresAsync(PostgresFixture postgres, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using (var source = NpgsqlDataSource.Create(connectionString))
        {
            await new PostgresDatabase(source, TimeProvider.System, new EnvironmentVersionTracker()).MigrateAsync(migrations, cancellationToken);
        }

        return connectionString;
    }
}
