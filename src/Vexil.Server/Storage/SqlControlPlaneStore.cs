using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Vexil.Server.Storage;

/// <summary>
/// The store on plain ADO.NET, shared by SQLite and PostgreSQL: both speak the same SQL here (<c>RETURNING</c>,
/// <c>ON CONFLICT</c>, <c>@name</c> parameters); the dialects differ only in how they open, lock and notify.
/// </summary>
internal abstract partial class SqlControlPlaneStore : IControlPlaneStore
{
    internal static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    protected SqlControlPlaneStore(TimeProvider time, IFlagValidator validator, EnvironmentVersionTracker tracker, StoreMetrics? metrics)
    {
        Time = time;
        Validator = validator;
        Tracker = tracker;
        Metrics = metrics;
    }

    protected StoreMetrics? Metrics { get; }

    protected TimeProvider Time { get; }

    protected IFlagValidator Validator { get; }

    protected EnvironmentVersionTracker Tracker { get; }

    /// <summary>The folder of this dialect's migrations (<c>Sqlite</c>, <c>Postgres</c>).</summary>
    protected abstract string MigrationFolder { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection and a transaction that serialises writers (per environment at least).</summary>
    protected abstract Task<SqlWriteScope> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Runs the migrations in <paramref name="apply"/> while holding the dialect's migration lock.</summary>
    protected abstract Task RunMigrationsLockedAsync(DbConnection connection, Func<DbTransaction?, Task> apply, CancellationToken cancellationToken);

    /// <summary>Called in the write transaction after an environment's version was bumped (PostgreSQL notifies).</summary>
    protected internal virtual Task OnVersionBumpedAsync(SqlWriteScope scope, long environmentId, long version, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>True when <paramref name="exception"/> reports a unique constraint violation.</summary>
    protected abstract bool IsUniqueViolation(DbException exception);

    protected long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Runs <paramref name="body"/> in one write transaction; commits only when it returns <see cref="WriteStatus.Ok"/>.</summary>
    protected async Task<WriteResult<T>> WriteAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> body, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var result = await WriteCoreAsync(body, cancellationToken);
        Metrics?.Record(operation, result.Status, started);
        return result;
    }

    private async Task<WriteResult<T>> WriteCoreAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> body, CancellationToken cancellationToken)
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

        if (result.Status != WriteStatus.Ok)
        {
            await scope.Transaction.RollbackAsync(CancellationToken.None);
            return result;
        }

        // Once the body is done, the commit is not cancelled: an answered write must be a committed write.
        await scope.Transaction.CommitAsync(CancellationToken.None);
        foreach (var (id, version) in scope.Bumped)
        {
            Tracker.Observe(id, version);
        }

        return result with { Versions = scope.Versions };
    }

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "SQL text is constant; values are parameters.")]
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
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

    protected async Task<T?> ReadOneAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, null, sql, map, cancellationToken, parameters);
    }

    internal static async Task<T?> ReadOneAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    protected async Task<List<T>> ReadManyAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadManyAsync(connection, null, sql, map, cancellationToken, parameters);
    }

    internal static async Task<List<T>> ReadManyAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
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

    internal static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    internal static JsonElement ParseJson(string text) => JsonSerializer.Deserialize<JsonElement>(text, Json);

    internal static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
}
