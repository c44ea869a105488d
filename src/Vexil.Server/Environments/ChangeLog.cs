using System.Data.Common;
using System.Text.Json;
using Vexil.Server.Storage;

namespace Vexil.Server.Environments;

/// <summary>
/// Every committed change of every environment, by version: the flags and segments written (their whole native
/// objects) or deleted. It is what lets a reader at version <i>v</i> reach the latest version change by change
/// (delivery's resume, replicas' snapshots, rollback).
/// </summary>
internal sealed class ChangeLog(Database database)
{
    private const string Columns = "version, kind, key, operation, payload, at, trace_parent";
    private const string FlagAtSql = $"SELECT {Columns} FROM change_log WHERE environment_id = @env AND kind = 'flag' AND key = @key AND version <= @version ORDER BY version DESC LIMIT 1";

    /// <summary>The changes after <paramref name="sinceVersion"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ChangeEntry>> ReadAsync(long environmentId, long sinceVersion, int limit, CancellationToken cancellationToken) =>
        await database.ReadManyAsync(
            $"SELECT {Columns} FROM change_log WHERE environment_id = @env AND version > @since ORDER BY version, kind, key LIMIT @limit",
            Map,
            cancellationToken,
            ("@env", environmentId),
            ("@since", sinceVersion),
            ("@limit", (long)limit));

    /// <summary>The changes in (<paramref name="after"/>, <paramref name="through"/>], oldest first, inside the caller's transaction.</summary>
    public static Task<List<ChangeEntry>> ReadRangeAsync(DbConnection connection, DbTransaction? transaction, long environmentId, long after, long through, CancellationToken cancellationToken) =>
        Database.ReadManyAsync(
            connection,
            transaction,
            $"SELECT {Columns} FROM change_log WHERE environment_id = @env AND version > @after AND version <= @through ORDER BY version, kind, key",
            Map,
            cancellationToken,
            ("@env", environmentId),
            ("@after", after),
            ("@through", through));

    /// <summary>The flag's last change-log entry at or before <paramref name="version"/> of the environment (its state then), or null.</summary>
    public async Task<ChangeEntry?> FindFlagAtAsync(long environmentId, string flagKey, long version, CancellationToken cancellationToken)
    {
        var changes = await database.ReadManyAsync(FlagAtSql, Map, cancellationToken, ("@env", environmentId), ("@key", flagKey), ("@version", version));
        return changes.Count == 0 ? null : changes[0];
    }

    /// <summary>The same, inside a write's transaction.</summary>
    public static async Task<ChangeEntry?> FindFlagAtAsync(SqlWriteScope scope, long environmentId, string flagKey, long version, CancellationToken cancellationToken)
    {
        var changes = await scope.ReadManyAsync(
            FlagAtSql,
            Map,
            cancellationToken,
            ("@env", environmentId),
            ("@key", flagKey),
            ("@version", version));
        return changes.Count == 0 ? null : changes[0];
    }

    public static Task AppendAsync(SqlWriteScope scope, long environmentId, long version, string kind, string key, string operation, string? payload, string? traceParent, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO change_log (environment_id, version, kind, key, operation, payload, at, trace_parent) VALUES (@env, @version, @kind, @key, @op, @payload, @at, @trace)",
            cancellationToken,
            ("@env", environmentId),
            ("@version", version),
            ("@kind", kind),
            ("@key", key),
            ("@op", operation),
            ("@payload", payload),
            ("@at", scope.Now),
            ("@trace", traceParent));

    private static ChangeEntry Map(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(4)), Database.FromMs(r.GetInt64(5)), r.IsDBNull(6) ? null : r.GetString(6));
}
