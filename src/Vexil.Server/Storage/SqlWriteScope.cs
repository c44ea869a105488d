using System.Data.Common;

namespace Vexil.Server.Storage;

/// <summary>
/// One open write transaction: its connection, its time, the environment versions it bumped, and what to do once it
/// has committed. Feature stores run their SQL through it; <see cref="Database.WriteAsync{T}"/> commits or rolls back.
/// </summary>
internal sealed class SqlWriteScope : IAsyncDisposable
{
    private readonly Database _database;
    private readonly Action? _release;
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly List<(long Id, long Version)> _bumped = [];
    private readonly bool _lockRows;
    private List<Action>? _onCommit;

    public SqlWriteScope(Database database, DbConnection connection, DbTransaction transaction, long now, Action? release, bool lockRows = false)
    {
        _database = database;
        _lockRows = lockRows;
        Connection = connection;
        Transaction = transaction;
        Now = now;
        _release = release;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>The time of this write, Unix milliseconds.</summary>
    public long Now { get; }

    /// <summary>The new version of each environment this write changed, by environment key.</summary>
    public IReadOnlyDictionary<string, long> Versions => _versions;

    public IReadOnlyList<(long Id, long Version)> Bumped => _bumped;

    /// <summary>
    /// The clause that locks the rows a write reads before it changes them (<c>FOR UPDATE OF alias</c>) where writers
    /// run concurrently (PostgreSQL); empty where the whole write is already serialised (SQLite).
    /// </summary>
    public string Lock(string alias) => _lockRows ? $" FOR UPDATE OF {alias}" : string.Empty;

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
        Database.Command(Connection, Transaction, sql, parameters);

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<T?> ReadOneAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class =>
        Database.ReadOneAsync(Connection, Transaction, sql, map, cancellationToken, parameters);

    public Task<List<T>> ReadManyAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Database.ReadManyAsync(Connection, Transaction, sql, map, cancellationToken, parameters);

    /// <summary>Gives the environment its next version (once per write) and returns it.</summary>
    public async Task<long> BumpVersionAsync(long environmentId, string environmentKey, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue(environmentKey, out var existing))
        {
            return existing;
        }

        var version = await ScalarAsync(
            "UPDATE environments SET version = version + 1, updated_at = @now WHERE id = @id RETURNING version",
            cancellationToken,
            ("@now", Now),
            ("@id", environmentId)) ?? throw new InvalidOperationException($"Environment {environmentId} vanished inside a write.");
        _versions[environmentKey] = version;
        _bumped.Add((environmentId, version));
        await _database.OnVersionBumpedAsync(this, environmentId, version, cancellationToken);
        return version;
    }

    /// <summary>Runs <paramref name="action"/> once this transaction has committed (never when it rolls back).</summary>
    public void OnCommit(Action action) => (_onCommit ??= []).Add(action);

    internal void Committed()
    {
        if (_onCommit is null)
        {
            return;
        }

        foreach (var action in _onCommit)
        {
            action();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _release?.Invoke();
        }
    }
}
