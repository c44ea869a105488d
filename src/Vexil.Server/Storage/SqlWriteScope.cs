using System.Data.Common;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Storage;

/// <summary>One open write transaction: bumps versions, appends the change log and the audit log.</summary>
internal sealed class SqlWriteScope : IAsyncDisposable
{
    private readonly SqlControlPlaneStore _store;
    private readonly Action? _release;
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly List<(long Id, long Version)> _bumped = [];

    private readonly bool _lockRows;

    public SqlWriteScope(SqlControlPlaneStore store, DbConnection connection, DbTransaction transaction, long now, Action? release, bool lockRows = false)
    {
        _store = store;
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
        SqlControlPlaneStore.Command(Connection, Transaction, sql, parameters);

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
        await _store.OnVersionBumpedAsync(this, environmentId, version, cancellationToken);
        return version;
    }

    public Task AppendChangeAsync(long environmentId, long version, string kind, string key, string operation, string? payload, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO change_log (environment_id, version, kind, key, operation, payload, at) VALUES (@env, @version, @kind, @key, @op, @payload, @at)",
            cancellationToken,
            ("@env", environmentId),
            ("@version", version),
            ("@kind", kind),
            ("@key", key),
            ("@op", operation),
            ("@payload", payload),
            ("@at", Now));

    /// <summary>
    /// Appends the audit row and, for a change to a flag or segment, its webhook event to the outbox: both in this
    /// transaction, so a committed change always has its event and a rolled-back one never does.
    /// </summary>
    public async Task AuditAsync(WriteContext context, string action, string? project, string? environment, string resource, object? before, object? after, CancellationToken cancellationToken)
    {
        var beforeJson = before is null ? null : SqlControlPlaneStore.ToJson(before);
        var afterJson = after is null ? null : SqlControlPlaneStore.ToJson(after);
        await ExecuteAsync(
            "INSERT INTO audit_log (at, actor, action, project_key, environment_key, resource, before_state, after_state, request_id, comment) " +
            "VALUES (@at, @actor, @action, @project, @env, @resource, @before, @after, @request, @comment)",
            cancellationToken,
            ("@at", Now),
            ("@actor", context.Actor),
            ("@action", action),
            ("@project", project),
            ("@env", environment),
            ("@resource", resource),
            ("@before", beforeJson),
            ("@after", afterJson),
            ("@request", context.RequestId),
            ("@comment", context.Comment));
        if (project is not null && WebhookEventTypes.FromAuditAction(action) is { } eventType)
        {
            await WebhookOutbox.AppendAsync(this, context, eventType, action, project, environment, resource, beforeJson, afterJson, cancellationToken);
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
