using System.Data.Common;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Segments;

/// <summary>
/// The segments of every environment. Reads are open to anyone; the row writes run only inside the change recorder's
/// transaction (Changes/), which versions, validates and audits them.
/// </summary>
internal sealed class SegmentStore(Database database)
{
    private const string Columns = "key, description, included, excluded, rules, revision, version, extra";

    public async Task<SegmentState?> GetAsync(string projectKey, string environmentKey, string segmentKey, CancellationToken cancellationToken) =>
        await database.ReadOneAsync(
            $"SELECT {Prefixed} FROM segments s JOIN environments e ON e.id = s.environment_id JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @env AND s.key = @key",
            r => Map(r, projectKey, environmentKey),
            cancellationToken,
            ("@project", projectKey),
            ("@env", environmentKey),
            ("@key", segmentKey));

    public async Task<IReadOnlyList<SegmentState>> ListAsync(string projectKey, string environmentKey, CancellationToken cancellationToken)
    {
        var segments = await database.ReadManyAsync(
            $"SELECT {Prefixed} FROM segments s JOIN environments e ON e.id = s.environment_id JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @env",
            r => Map(r, projectKey, environmentKey),
            cancellationToken,
            ("@project", projectKey),
            ("@env", environmentKey));
        segments.Sort((a, b) => string.CompareOrdinal(a.Segment.Key, b.Segment.Key));
        return segments;
    }

    /// <summary>Every segment of an environment, inside the caller's transaction (a whole snapshot).</summary>
    public static Task<List<SegmentDefinition>> ReadEnvironmentAsync(DbConnection connection, DbTransaction? transaction, long environmentId, CancellationToken cancellationToken) =>
        Database.ReadManyAsync(connection, transaction, $"SELECT {Columns} FROM segments WHERE environment_id = @env", r => Map(r, string.Empty, string.Empty).Segment, cancellationToken, ("@env", environmentId));

    // ---- inside the recorder's transaction -------------------------------------------------------------------

    public static Task<SegmentState?> FindAsync(SqlWriteScope scope, EnvironmentState environment, string key, CancellationToken cancellationToken) =>
        scope.ReadOneAsync(
            $"SELECT {Columns} FROM segments WHERE environment_id = @env AND key = @key",
            r => Map(r, environment.ProjectKey, environment.Key),
            cancellationToken,
            ("@env", environment.Id),
            ("@key", key));

    public static Task UpsertAsync(SqlWriteScope scope, long environmentId, SegmentDefinition segment, long revision, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO segments (environment_id, key, description, included, excluded, rules, revision, version, created_at, updated_at, extra) " +
            "VALUES (@env, @key, @description, @included, @excluded, @rules, @revision, @version, @now, @now, @extra) " +
            "ON CONFLICT (environment_id, key) DO UPDATE SET description = excluded.description, included = excluded.included, excluded = excluded.excluded, " +
            "rules = excluded.rules, revision = excluded.revision, version = excluded.version, updated_at = excluded.updated_at, extra = excluded.extra",
            cancellationToken,
            ("@env", environmentId),
            ("@key", segment.Key),
            ("@description", segment.Description),
            ("@included", JsonSerializer.Serialize(segment.Included)),
            ("@excluded", JsonSerializer.Serialize(segment.Excluded)),
            ("@rules", SegmentJson.RulesColumn(segment)),
            ("@revision", revision),
            ("@version", segment.Version),
            ("@now", scope.Now),
            ("@extra", SegmentJson.ExtraColumn(segment)));

    public static Task DeleteAsync(SqlWriteScope scope, long environmentId, string key, CancellationToken cancellationToken) =>
        scope.ExecuteAsync("DELETE FROM segments WHERE environment_id = @env AND key = @key", cancellationToken, ("@env", environmentId), ("@key", key));

    private static string Prefixed => "s.key, s.description, s.included, s.excluded, s.rules, s.revision, s.version, s.extra";

    private static SegmentState Map(DbDataReader r, string projectKey, string environmentKey) =>
        new(projectKey, environmentKey, SegmentJson.ReadStored(r.GetString(0), Database.NullableString(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(6), Database.NullableString(r, 7)), r.GetInt64(5));
}
