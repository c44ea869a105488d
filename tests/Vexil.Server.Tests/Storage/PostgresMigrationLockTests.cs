using Npgsql;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// A replica of a new release migrating while replicas of the previous release keep writing (a rolling upgrade): the
/// migration's table locks can meet a running transaction's in the other order, and PostgreSQL then aborts one of them
/// as a deadlock. The migration (one transaction) is retried instead of stopping the replica's start — found by the
/// upgrade test (tests/Vexil.Cluster.Tests/Upgrade), where the new cp1 died with 40P01 while cp2 was writing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationLockTests(PostgresFixture postgres)
{
    [Fact(Timeout = 60_000)]
    public async Task MigrateAsync_WhenAWriterDeadlocksWithTheMigration_RetriesAndApplies()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var database = new PostgresDatabase(source, TimeProvider.System, new EnvironmentVersionTracker());
        await database.MigrateAsync(cancellationToken);

        // Back to the schema before 0009 (it alters accounts, then indexes api_tokens): 0009 is pending again.
        await ExecuteAsync(source, "ALTER TABLE accounts DROP COLUMN disabled_at; DROP INDEX api_tokens_kind_name; DELETE FROM schema_migrations WHERE version = 9", cancellationToken);

        // A writer of the previous release: holds api_tokens (as an insert does), then reads accounts.
        await using var writer = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(writer, "LOCK TABLE api_tokens IN ROW EXCLUSIVE MODE", cancellationToken);

        var migrating = database.MigrateAsync(cancellationToken);

        // Once the migration holds accounts and waits for api_tokens, the writer reads accounts: a deadlock.
        await WaitForAsync(source, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'api_tokens'::regclass", cancellationToken);
        await ExecuteAsync(writer, "SELECT count(*) FROM accounts", cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await migrating;
        Assert.Equal(1L, await ScalarAsync(source, "SELECT count(*) FROM schema_migrations WHERE version = 9", cancellationToken));
        Assert.Equal(1L, await ScalarAsync(source, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'disabled_at'", cancellationToken));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task WaitForAsync(NpgsqlDataSource source, string countSql, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && await ScalarAsync(source, countSql, cancellationToken) == 0; i++)
        {
            await Task.Delay(25, cancellationToken);
        }

        Assert.NotEqual(0L, await ScalarAsync(source, countSql, cancellationToken));
    }
}
