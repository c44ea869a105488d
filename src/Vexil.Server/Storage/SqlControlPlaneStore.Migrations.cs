using System.Data.Common;
using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = Migration.Load(MigrationFolder);
        await using var connection = await OpenAsync(cancellationToken);
        await RunMigrationsLockedAsync(connection, transaction => ApplyAsync(connection, transaction, migrations, cancellationToken), cancellationToken);
    }

    /// <summary>The versions already applied; under the lock, so a replica that waited sees what the winner applied.</summary>
    private async Task ApplyAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using (var create = Command(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<long>(await ReadManyAsync(connection, transaction, "SELECT version FROM schema_migrations", r => r.GetInt64(0), cancellationToken));
        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await using (var apply = Command(connection, transaction, migration.Sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = Command(
                connection,
                transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                ("@version", (long)migration.Version),
                ("@name", migration.Name),
                ("@now", Now()));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
