using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Storage;

/// <summary>
/// The control plane's database on plain ADO.NET: connections, write transactions, migrations and the few places the
/// two dialects differ (opening, locking, notifying, unique violations). SQLite and PostgreSQL speak the same SQL
/// otherwise (<c>RETURNING</c>, <c>ON CONFLICT</c>, <c>@name</c> parameters). Feature stores (Flags/, Segments/, Auth/,
/// …) hold their own SQL and run it through this class; nothing here knows a feature.
/// </summary>
internal abstract class Database
{
    protected Database(TimeProvider time, EnvironmentVersionTracker tracker, StoreMetrics? metrics)
    {
        Time = time;
        Tracker = tracker;
        Metrics = metrics;
    }

    public TimeProvider Time { get; }

    public EnvironmentVersionTracker Tracker { get; }

    protected StoreMetrics? Metrics { get; }

    /// <summary>How this dialect orders and compares keys byte by byte (PostgreSQL's default collation is not ordinal).</summary>
    public virtual string OrdinalCollation => string.Empty;

    /// <summary>True where several replicas share the database and may claim the same rows (<c>FOR UPDATE SKIP LOCKED</c>).</summary>
    public virtual bool SharedByReplicas => false;

    /// <summary>A query counting the columns named <c>@column</c> in the table <c>@table</c> (one row, one integer).</summary>
    public abstract string ColumnCountSql { get; }

    /// <summary>The folder of this dialect's migrations (<c>Sqlite</c>, <c>Postgres</c>).</summary>
    protected abstract string MigrationFolder { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection and a transaction that serialises writers (per environment at least).</summary>
    public abstract Task<SqlWriteScope> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Begins a read-only transaction that sees one consistent snapshot.</summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>Runs the migrations in <paramref name="apply"/> while holding the dialect's migration lock.</summary>
    protected abstract Task RunMigrationsLockedAsync(DbConnection connection, Func<DbTransaction?, Task> apply, CancellationToken cancellationToken);

    /// <summary>Called in the write transaction after an environment's version was bumped (PostgreSQL notifies).</summary>
    protected internal virtual Task OnVersionBumpedAsync(SqlWriteScope scope, long environmentId, long version, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>True when <paramref name="exception"/> reports a unique constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    public long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Runs <paramref name="body"/> in one write transaction; commits only when it returns <see cref="WriteStatus.Ok"/>.</summary>
    public async Task<WriteResult<T>> WriteAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> body, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var result = await WriteCoreAsync(body, dryRun: false, cancellationToken);
        Metrics?.Record(operation, result.Status, started);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> in a write transaction and always rolls it back: what the write would do.</summary>
    public Task<WriteResult<T>> DryRunAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> body, CancellationToken cancellationToken) =>
        WriteCoreAsync(body, dryRun: true, cancellationToken);

    private async Task<WriteResult<T>> WriteCoreAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> body, bool dryRun, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken);
        WriteResult<T> result;
        try
        {
            result = await body(scope);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // Two writers created the same key at once (PostgreSQL lets both check before either inserts).
            result = WriteResult<T>.Fail(WriteStatus.Conflict);
        }

        if (dryRun || result.Status != WriteStatus.Ok)
        {
            await scope.Transaction.RollbackAsync(CancellationToken.None);
            return dryRun && result.Status == WriteStatus.Ok ? result with { Versions = scope.Versions } : result;
        }

        // Once the body is done, the commit is not cancelled: an answered write must be a committed write.
        await scope.Transaction.CommitAsync(CancellationToken.None);
        scope.Committed();
        foreach (var (id, version) in scope.Bumped)
        {
            Tracker.Observe(id, version);
        }

        return result with { Versions = scope.Versions };
    }

    /// <summary>
    /// Applies pending schema migrations under a lock, so replicas starting together do not race; stops with
    /// <see cref="MigrationChecksumException"/> when an applied migration's file has changed.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(Migration.Load(MigrationFolder), cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> (this dialect's, as <see cref="Migration.Load"/> reads them, or a test's edit of them).</summary>
    public async Task MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(this, MigrationFolder, migrations);
        await using var connection = await OpenAsync(cancellationToken);
        await RunMigrationsLockedAsync(connection, transaction => runner.RunAsync(connection, transaction, cancellationToken), cancellationToken);
    }

    /// <summary>The current version of every environment (to catch up after a missed notification, and at start).</summary>
    public async Task<IReadOnlyList<(long EnvironmentId, long Version)>> GetEnvironmentVersionsAsync(CancellationToken cancellationToken) =>
        await ReadManyAsync("SELECT id, version FROM environments", r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken);

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "SQL text is constant; values are parameters.")]
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    public async Task<T?> ReadOneAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, null, sql, map, cancellationToken, parameters);
    }

    public static async Task<T?> ReadOneAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    public async Task<List<T>> ReadManyAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadManyAsync(connection, null, sql, map, cancellationToken, parameters);
    }

    public static async Task<List<T>> ReadManyAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
