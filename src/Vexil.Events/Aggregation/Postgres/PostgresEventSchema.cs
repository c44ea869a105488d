using Npgsql;

namespace Vexil.Events.Aggregation.Postgres;

/// <summary>
/// Brings the event store's tables to the latest migration: one transaction holding a PostgreSQL advisory lock, so
/// replicas starting together migrate one after another and every later one finds the work done.
/// </summary>
internal static class PostgresEventSchema
{
    /// <summary>The migration lock ("VexilE"), apart from the control plane's, so neither waits for the other.</summary>
    public const long MigrationLockKey = 0x5665_7869_6c45;

    /// <summary>
    /// Applies the migrations this database lacks; returns the schema version it is at. A database already past this
    /// release's last migration is left alone: migrations only expand (docs/operations.md), so an older replica still
    /// runs during a rolling upgrade.
    /// </summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(PostgresEventStoreSql.LockMigrations, connection, transaction))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(PostgresEventStoreSql.SchemaTable, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        int current;
        await using (var command = new NpgsqlCommand(PostgresEventStoreSql.SchemaVersion, connection, transaction))
        {
            current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var latest = current;
        foreach (var (version, sql) in PostgresEventStoreSql.Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            await using (var command = new NpgsqlCommand(sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(PostgresEventStoreSql.RecordVersion, connection, transaction))
            {
                record.Parameters.AddWithValue("version", version);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            latest = version;
        }

        await transaction.CommitAsync(cancellationToken);
        return latest;
    }
}
