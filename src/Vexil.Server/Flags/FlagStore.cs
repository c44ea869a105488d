using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags;

/// <summary>
/// The flags of every project: the shared row (<c>flags</c>) and one targeting row per environment
/// (<c>flag_configs</c>). Reads are open to anyone; the row writes run only inside the change recorder's
/// transaction (Changes/), which versions, validates and audits them.
/// </summary>
internal sealed class FlagStore(Database database)
{
    private const string SpecColumns = "key, type, name, description, tags, lifetime, variations, revision, created_at, updated_at, expected_lifetime_days, archived_at";

    private const string EnvironmentFlagSql =
        "SELECT f.key, f.type, f.name, f.description, f.tags, f.lifetime, f.variations, f.revision, " +
        "c.enabled, c.off_variation, c.salt, c.prerequisites, c.targets, c.rules, c.fallthrough, c.revision, c.version, f.expected_lifetime_days, c.extra " +
        "FROM flag_configs c JOIN environments e ON e.id = c.environment_id JOIN flags f ON f.project_id = e.project_id AND f.key = c.flag_key ";

    public Task<FlagState?> GetAsync(string projectKey, string flagKey, CancellationToken cancellationToken) =>
        database.ReadOneAsync(
            $"SELECT {Prefixed("f", SpecColumns)} FROM flags f JOIN projects p ON p.id = f.project_id WHERE p.key = @project AND f.key = @key",
            r => MapFlag(projectKey, r),
            cancellationToken,
            ("@project", projectKey),
            ("@key", flagKey));

    public async Task<FlagPage> ListAsync(string projectKey, FlagQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Prefixed("f", SpecColumns)} FROM flags f JOIN projects p ON p.id = f.project_id");
        var parameters = new List<(string, object?)> { ("@project", projectKey), ("@limit", query.Limit + 1) };
        if (query.Environment is not null && query.Enabled is not null)
        {
            sql.Append(" JOIN environments e ON e.project_id = p.id AND e.key = @env JOIN flag_configs c ON c.environment_id = e.id AND c.flag_key = f.key AND c.enabled = @enabled");
            parameters.Add(("@env", query.Environment));
            parameters.Add(("@enabled", query.Enabled.Value ? 1L : 0L));
        }

        sql.Append(" WHERE p.key = @project");
        sql.Append(query.Archived ? " AND f.archived_at IS NOT NULL" : " AND f.archived_at IS NULL");
        if (!string.IsNullOrEmpty(query.Text))
        {
            sql.Append(" AND (lower(f.key) LIKE @text ESCAPE '\\' OR lower(f.name) LIKE @text ESCAPE '\\')");
            parameters.Add(("@text", "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%"));
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            sql.Append(" AND f.tags LIKE @tag ESCAPE '\\'");
            parameters.Add(("@tag", "%" + EscapeLike(JsonSerializer.Serialize(query.Tag)) + "%"));
        }

        if (query.After is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND f.key{database.OrdinalCollation} > @after");
            parameters.Add(("@after", query.After));
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY f.key{database.OrdinalCollation} LIMIT @limit");
        var rows = await database.ReadManyAsync(sql.ToString(), r => MapFlag(projectKey, r), cancellationToken, [.. parameters]);
        if (rows.Count <= query.Limit)
        {
            return new FlagPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new FlagPage(rows, rows[^1].Spec.Key);
    }

    /// <summary>Every flag of the project that is not archived, by key.</summary>
    public async Task<IReadOnlyDictionary<string, FlagSpec>> ListSpecsAsync(string projectKey, CancellationToken cancellationToken)
    {
        var rows = await database.ReadManyAsync(
            $"SELECT {Prefixed("f", SpecColumns)} FROM flags f JOIN projects p ON p.id = f.project_id WHERE p.key = @project AND f.archived_at IS NULL",
            r => MapFlag(projectKey, r),
            cancellationToken,
            ("@project", projectKey));
        return rows.ToDictionary(f => f.Spec.Key, f => f.Spec, StringComparer.Ordinal);
    }

    public async Task<EnvironmentFlagState?> GetInEnvironmentAsync(string projectKey, string environmentKey, string flagKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Database.ReadOneAsync(
            connection,
            null,
            EnvironmentFlagSql + "JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @env AND c.flag_key = @key",
            r => MapEnvironmentFlag(r, projectKey, environmentKey),
            cancellationToken,
            ("@project", projectKey),
            ("@env", environmentKey),
            ("@key", flagKey));
    }

    /// <summary>Every flag of an environment as it serves them, inside the caller's transaction (a whole snapshot).</summary>
    public static Task<List<FlagDefinition>> ReadEnvironmentAsync(DbConnection connection, DbTransaction? transaction, long environmentId, CancellationToken cancellationToken) =>
        Database.ReadManyAsync(connection, transaction, EnvironmentFlagSql + "WHERE c.environment_id = @env", r => MapEnvironmentFlag(r, string.Empty, string.Empty).Flag, cancellationToken, ("@env", environmentId));

    // ---- inside the recorder's transaction -------------------------------------------------------------------

    /// <summary>The flag with this key, or one whose key differs only in case (keys must stay unique regardless of case).</summary>
    public static async Task<FlagState?> FindAsync(SqlWriteScope scope, long projectId, string projectKey, string key, CancellationToken cancellationToken)
    {
        var rows = await scope.ReadManyAsync(
            $"SELECT {SpecColumns} FROM flags WHERE project_id = @project AND lower(key) = @lower",
            r => MapFlag(projectKey, r),
            cancellationToken,
            ("@project", projectId),
            ("@lower", key.ToLowerInvariant()));
        return rows.Find(f => f.Spec.Key == key) ?? (rows.Count > 0 ? rows[0] : null);
    }

    public static Task<EnvironmentFlagState?> FindInEnvironmentAsync(SqlWriteScope scope, EnvironmentState environment, string flagKey, CancellationToken cancellationToken) =>
        scope.ReadOneAsync(
            EnvironmentFlagSql + "WHERE c.environment_id = @env AND c.flag_key = @key",
            r => MapEnvironmentFlag(r, environment.ProjectKey, environment.Key),
            cancellationToken,
            ("@env", environment.Id),
            ("@key", flagKey));

    public static Task<List<FlagState>> ListAllAsync(SqlWriteScope scope, long projectId, string projectKey, CancellationToken cancellationToken) =>
        scope.ReadManyAsync($"SELECT {SpecColumns} FROM flags WHERE project_id = @project AND archived_at IS NULL ORDER BY key", r => MapFlag(projectKey, r), cancellationToken, ("@project", projectId));

    public static Task InsertAsync(SqlWriteScope scope, long projectId, FlagSpec spec, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO flags (project_id, key, type, name, description, tags, lifetime, variations, revision, created_at, updated_at, expected_lifetime_days) " +
            "VALUES (@project, @key, @type, @name, @description, @tags, @lifetime, @variations, 1, @now, @now, @expected)",
            cancellationToken,
            SpecParameters(projectId, spec, scope.Now));

    public static Task UpdateAsync(SqlWriteScope scope, long projectId, FlagSpec spec, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "UPDATE flags SET type = @type, name = @name, description = @description, tags = @tags, lifetime = @lifetime, variations = @variations, expected_lifetime_days = @expected, " +
            "revision = revision + 1, updated_at = @now WHERE project_id = @project AND key = @key",
            cancellationToken,
            SpecParameters(projectId, spec, scope.Now));

    public static Task DeleteAsync(SqlWriteScope scope, long projectId, string key, CancellationToken cancellationToken) =>
        scope.ExecuteAsync("DELETE FROM flags WHERE project_id = @project AND key = @key", cancellationToken, ("@project", projectId), ("@key", key));

    /// <summary>Archives (moves every environment's targeting aside) or restores (moves it back) a flag.</summary>
    public static async Task SetArchivedAsync(SqlWriteScope scope, long projectId, string key, bool archived, CancellationToken cancellationToken)
    {
        const string Columns = "environment_id, flag_key, enabled, off_variation, salt, prerequisites, targets, rules, fallthrough, revision, version, updated_at, extra";
        var (from, to) = archived ? ("flag_configs", "archived_flag_configs") : ("archived_flag_configs", "flag_configs");
        await scope.ExecuteAsync(
            $"INSERT INTO {to} ({Columns}) SELECT {Columns} FROM {from} WHERE flag_key = @key AND environment_id IN (SELECT id FROM environments WHERE project_id = @project)",
            cancellationToken,
            ("@key", key),
            ("@project", projectId));
        await scope.ExecuteAsync(
            $"DELETE FROM {from} WHERE flag_key = @key AND environment_id IN (SELECT id FROM environments WHERE project_id = @project)",
            cancellationToken,
            ("@key", key),
            ("@project", projectId));
        await scope.ExecuteAsync(
            "UPDATE flags SET archived_at = @at, revision = revision + 1, updated_at = @now WHERE project_id = @project AND key = @key",
            cancellationToken,
            ("@at", archived ? scope.Now : null),
            ("@now", scope.Now),
            ("@project", projectId),
            ("@key", key));
    }

    public static Task DeleteArchivedAsync(SqlWriteScope scope, long projectId, string key, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "DELETE FROM archived_flag_configs WHERE flag_key = @key AND environment_id IN (SELECT id FROM environments WHERE project_id = @project)",
            cancellationToken,
            ("@key", key),
            ("@project", projectId));

    /// <summary>The targeting an archived flag had in each environment (restored with it).</summary>
    public static Task<List<(long EnvironmentId, FlagTargeting Targeting, long Revision)>> ReadArchivedAsync(SqlWriteScope scope, FlagState flag, long projectId, CancellationToken cancellationToken) =>
        scope.ReadManyAsync(
            "SELECT environment_id, enabled, off_variation, salt, prerequisites, targets, rules, fallthrough, revision, extra FROM archived_flag_configs " +
            "WHERE flag_key = @key AND environment_id IN (SELECT id FROM environments WHERE project_id = @project)",
            r => (r.GetInt64(0), FlagTargeting.From(FlagJson.FromColumns(new FlagColumns(
                flag.Spec.Key, FlagJson.TypeName(flag.Spec.Type), null, "[]", "temporary", FlagJson.VariationsColumn(flag.Spec), 0,
                r.GetInt64(1) != 0, Database.NullableString(r, 2), Database.NullableString(r, 3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), Database.NullableString(r, 9)))), r.GetInt64(8)),
            cancellationToken,
            ("@key", flag.Spec.Key),
            ("@project", projectId));

    public static Task UpsertTargetingAsync(SqlWriteScope scope, long environmentId, FlagSpec spec, FlagTargeting targeting, long revision, long version, CancellationToken cancellationToken)
    {
        var (prerequisites, targets, rules, fallthrough, extra) = FlagJson.TargetingColumns(spec, targeting);
        return scope.ExecuteAsync(
            "INSERT INTO flag_configs (environment_id, flag_key, enabled, off_variation, salt, prerequisites, targets, rules, fallthrough, revision, version, updated_at, extra) " +
            "VALUES (@env, @key, @enabled, @off, @salt, @prerequisites, @targets, @rules, @fallthrough, @revision, @version, @now, @extra) " +
            "ON CONFLICT (environment_id, flag_key) DO UPDATE SET enabled = excluded.enabled, off_variation = excluded.off_variation, salt = excluded.salt, " +
            "prerequisites = excluded.prerequisites, targets = excluded.targets, rules = excluded.rules, fallthrough = excluded.fallthrough, " +
            "revision = excluded.revision, version = excluded.version, updated_at = excluded.updated_at, extra = excluded.extra",
            cancellationToken,
            ("@env", environmentId),
            ("@key", spec.Key),
            ("@enabled", targeting.Enabled ? 1L : 0L),
            ("@off", targeting.OffVariation),
            ("@salt", targeting.Salt),
            ("@prerequisites", prerequisites),
            ("@targets", targets),
            ("@rules", rules),
            ("@fallthrough", fallthrough),
            ("@revision", revision),
            ("@version", version),
            ("@now", scope.Now),
            ("@extra", extra));
    }

    /// <summary>Marks the flag as changed at <paramref name="version"/> in this environment (its spec changed).</summary>
    public static Task TouchAsync(SqlWriteScope scope, long environmentId, string key, long version, CancellationToken cancellationToken) =>
        scope.ExecuteAsync("UPDATE flag_configs SET version = @version WHERE environment_id = @env AND flag_key = @key", cancellationToken, ("@version", version), ("@env", environmentId), ("@key", key));

    public static Task DeleteTargetingAsync(SqlWriteScope scope, long environmentId, string key, CancellationToken cancellationToken) =>
        scope.ExecuteAsync("DELETE FROM flag_configs WHERE environment_id = @env AND flag_key = @key", cancellationToken, ("@env", environmentId), ("@key", key));

    // ---- mapping -----------------------------------------------------------------------------------------------

    private static FlagState MapFlag(string projectKey, DbDataReader r)
    {
        var flag = FlagJson.FromColumns(new FlagColumns(
            r.GetString(0), r.GetString(1), Database.NullableString(r, 3), r.GetString(4), r.GetString(5), r.GetString(6), 0,
            false, null, null, "[]", "[]", "[]", "{\"variation\":\"\"}"));
        var spec = FlagSpec.From(flag, r.GetString(2), r.IsDBNull(10) ? null : (int)r.GetInt64(10));
        return new FlagState(projectKey, spec, r.GetInt64(7), Database.FromMs(r.GetInt64(8)), Database.FromMs(r.GetInt64(9)), Database.NullableInt64(r, 11) is { } archived ? Database.FromMs(archived) : null);
    }

    private static EnvironmentFlagState MapEnvironmentFlag(DbDataReader r, string projectKey, string environmentKey)
    {
        var flag = FlagJson.FromColumns(new FlagColumns(
            r.GetString(0), r.GetString(1), Database.NullableString(r, 3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt64(16),
            r.GetInt64(8) != 0, Database.NullableString(r, 9), Database.NullableString(r, 10), r.GetString(11), r.GetString(12), r.GetString(13), r.GetString(14), Database.NullableString(r, 18)));
        var spec = FlagSpec.From(flag, r.GetString(2), r.IsDBNull(17) ? null : (int)r.GetInt64(17));
        return new EnvironmentFlagState(projectKey, environmentKey, spec, r.GetInt64(7), FlagTargeting.From(flag), r.GetInt64(15), r.GetInt64(16));
    }

    private static (string, object?)[] SpecParameters(long projectId, FlagSpec spec, long now) =>
    [
        ("@project", projectId),
        ("@key", spec.Key),
        ("@type", FlagJson.TypeName(spec.Type)),
        ("@name", spec.Name),
        ("@description", spec.Description),
        ("@tags", JsonSerializer.Serialize(spec.Tags)),
        ("@lifetime", FlagJson.LifetimeName(spec.Lifetime)),
        ("@variations", FlagJson.VariationsColumn(spec)),
        ("@now", now),
        ("@expected", spec.ExpectedLifetimeDays is { } days ? (long)days : null),
    ];

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(", ").Select(c => $"{alias}.{c}"));
}
