using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Vexil.Server.Storage.Migrations;

/// <summary>
/// Brings a database's schema up to <paramref name="migrations"/>, inside the dialect's migration lock and transaction:
/// checks that every applied migration still has the text it was applied with (<see cref="MigrationChecksum"/>),
/// records the checksum of migrations applied by a release that did not record one, then applies the pending ones in
/// order, each recorded with its checksum. A changed migration throws <see cref="MigrationChecksumException"/> before
/// anything is written, so the transaction rolls back and the database stays as it was.
/// </summary>
internal sealed class MigrationRunner(Database database, string folder, IReadOnlyList<Migration> migrations)
{
    /// <summary>The bookkeeping table as this release creates it; 0.1.0 created it without <c>checksum</c>.</summary>
    private const string CreateTable = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL, checksum TEXT)";

    public async Task RunAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, CreateTable, cancellationToken);
        var columns = await Database.ReadManyAsync(connection, transaction, database.ColumnCountSql, r => r.GetInt64(0), cancellationToken, ("@table", "schema_migrations"), ("@column", "checksum"));
        if (columns is [0])
        {
            // A database made by a release before checksums. The column is nullable (expand only): a replica of that
            // release, still running during a rolling upgrade, keeps inserting its rows without it.
            await ExecuteAsync(connection, transaction, "ALTER TABLE schema_migrations ADD COLUMN checksum TEXT", cancellationToken);
        }

        var applied = new Dictionary<long, AppliedMigration>();
        foreach (var row in await Database.ReadManyAsync(connection, transaction, "SELECT version, name, checksum FROM schema_migrations", r => new AppliedMigration(r.GetInt64(0), r.GetString(1), Database.NullableString(r, 2)), cancellationToken))
        {
            applied[row.Version] = row;
        }

        Verify(applied);
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var row))
            {
                if (row.Checksum is null)
                {
                    // Trust on first use: the text this release carries is what the earlier release applied (a test
                    // pins that the files of 0.1.0's migrations are unchanged since).
                    await ExecuteAsync(connection, transaction, "UPDATE schema_migrations SET checksum = @checksum WHERE version = @version AND checksum IS NULL", cancellationToken, ("@checksum", migration.Checksum), ("@version", (long)migration.Version));
                }

                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (@version, @name, @now, @checksum)",
                cancellationToken,
                ("@version", (long)migration.Version),
                ("@name", migration.Name),
                ("@now", database.Now()),
                ("@checksum", migration.Checksum));
        }
    }

    /// <summary>Throws, naming every applied migration whose file no longer has the recorded checksum.</summary>
    private void Verify(Dictionary<long, AppliedMigration> applied)
    {
        StringBuilder? message = null;
        foreach (var migration in migrations)
        {
            if (!applied.TryGetValue(migration.Version, out var row) || row.Checksum is null || string.Equals(row.Checksum, migration.Checksum, StringComparison.Ordinal))
            {
                continue;
            }

            message ??= new StringBuilder("an applied schema migration has changed since it ran, so the server does not start and the database was not changed.");
            var appliedAs = string.Equals(row.Name, migration.Name, StringComparison.Ordinal) ? string.Empty : $" (applied as {row.Name})";
            message.Append(CultureInfo.InvariantCulture, $" Migration {migration.Name}{appliedAs} of {folder} was applied with checksum {row.Checksum[..Math.Min(12, row.Checksum.Length)]}…, its file now has {migration.Checksum[..12]}….");
            message.Append(CultureInfo.InvariantCulture, $" Restore src/Vexil.Server/Storage/Migrations/{folder}/{migration.Name}.sql as it was applied (git log -p on that file) and put the change into a new migration with the next free number;");
            message.Append(CultureInfo.InvariantCulture, $" if the edit is deliberate and the schema already matches the file, record the new checksum: UPDATE schema_migrations SET checksum = '{migration.Checksum}' WHERE version = {migration.Version};");
        }

        if (message is not null)
        {
            throw new MigrationChecksumException(message.ToString());
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Database.Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
