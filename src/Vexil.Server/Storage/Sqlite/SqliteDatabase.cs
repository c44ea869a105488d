using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Vexil.Server.Storage.Sqlite;

/// <summary>
/// The embedded database: one SQLite file in WAL mode. Writers are serialised (in process by a semaphore, across
/// processes by <c>BEGIN IMMEDIATE</c>); readers never wait for writers.
/// </summary>
internal sealed class SqliteDatabase : Database, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteDatabase(string databasePath, TimeProvider time, EnvironmentVersionTracker tracker, StoreMetrics? metrics = null)
        : base(time, tracker, metrics)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override string MigrationFolder => "Sqlite";

    public override string ColumnCountSql => "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override async Task<SqlWriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)await OpenAsync(cancellationToken);
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqlWriteScope(this, connection, transaction, Now(), () => _writer.Release());
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    protected override async Task RunMigrationsLockedAsync(DbConnection connection, Func<DbTransaction?, Task> apply, CancellationToken cancellationToken)
    {
        // BEGIN EXCLUSIVE: a second process migrating the same file waits (busy timeout) and then sees the work done.
        await using (var begin = Command(connection, null, "BEGIN EXCLUSIVE"))
        {
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await apply(null);
            await using var commit = Command(connection, null, "COMMIT");
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await using var rollback = Command(connection, null, "ROLLBACK");
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public void Dispose() => _writer.Dispose();
}
