using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Vexil.Server.Storage.Postgres;

/// <summary>
/// The database several replicas share. Versions are bumped with <c>UPDATE ... RETURNING</c>, whose row lock
/// serialises writers per environment; every bump is announced with <c>pg_notify</c> inside the transaction, so
/// other replicas hear of it exactly when it commits.
/// </summary>
internal sealed class PostgresDatabase : Database
{
    /// <summary>The channel on which committed versions are announced as <c>environmentId:version</c>.</summary>
    public const string Channel = "vexil_versions";

    private const long MigrationLockKey = 0x5665_7869_6c4d;

    /// <summary>How many times a migration that lost a deadlock or timed out on a table lock is tried before the start fails.</summary>
    private const int MigrationAttempts = 30;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The connection string (its password included) this database opens connections with.</summary>
    internal string ConnectionString => _dataSource.ConnectionString;

    public PostgresDatabase(NpgsqlDataSource dataSource, TimeProvider time, EnvironmentVersionTracker tracker, StoreMetrics? metrics = null)
        : base(time, tracker, metrics)
    {
        _dataSource = dataSource;
    }

    protected override string MigrationFolder => "Postgres";

    public override string ColumnCountSql =>
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column";

    public override string OrdinalCollation => " COLLATE \"C\"";

    public override bool SharedByReplicas => true;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<SqlWriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            return new SqlWriteScope(this, connection, transaction, Now(), null, lockRows: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected internal override async Task OnVersionBumpedAsync(SqlWriteScope scope, long environmentId, long version, CancellationToken cancellationToken)
    {
        await scope.ExecuteAsync(
            "SELECT pg_notify(@channel, @payload)",
            cancellationToken,
            ("@channel", Channel),
            ("@payload", string.Create(CultureInfo.InvariantCulture, $"{environmentId}:{version}")));
    }

    protected override async Task RunMigrationsLockedAsync(DbConnection connection, Func<DbTransaction?, Task> apply, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, null, "SELECT pg_advisory_lock(@key)", ("@key", MigrationLockKey)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // Replicas of the previous release keep writing while a new one migrates (a rolling upgrade): the
            // migration's table locks can meet a writer's in the other order, and PostgreSQL aborts one of the two as a
            // deadlock; a lock held too long by a writer ends the wait (lock_timeout) instead of queueing every other
            // writer behind the migration's ALTER TABLE. Either way the whole migration rolled back: try it again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await using (var timeout = Command(connection, transaction, "SET LOCAL lock_timeout = '5s'"))
                    {
                        await timeout.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await apply(transaction);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable && attempt < MigrationAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 200 * Math.Min(attempt, 10))), cancellationToken);
                }
            }
        }
        finally
        {
            await using var unlock = Command(connection, null, "SELECT pg_advisory_unlock(@key)", ("@key", MigrationLockKey));
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
