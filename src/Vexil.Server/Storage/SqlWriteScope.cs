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
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
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

    /// <summary>
    /// The command for <paramref name="sql"/> with these parameter values. Commands are kept for the whole transaction,
    /// one per SQL text, so a statement a write repeats (an import's thousands of rows) is parsed and planned once.
    /// Owned by the scope: callers do not dispose it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "SQL text is constant; values are parameters.")]
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Command(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    public async Task<long?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var value = await Command(sql, parameters).ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<T?> ReadOneAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var reader = await Command(sql, parameters).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    public async Task<List<T>> ReadManyAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var reader = await Command(sql, parameters).ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

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
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }

            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _release?.Invoke();
        }
    }
}
