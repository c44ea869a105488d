using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vexil.Server.Flags;
using Vexil.Server.Projects;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    private const string FlagColumns = "key, type, name, description, tags, lifetime, variations, revision, created_at, updated_at, expected_lifetime_days";

    /// <summary>How this dialect orders and compares keys byte by byte (PostgreSQL's default collation is not ordinal).</summary>
    protected virtual string OrdinalCollation => string.Empty;

    private static (FlagDefinitionData Definition, long Revision, long CreatedAt, long UpdatedAt) MapFlagDefinition(DbDataReader r) =>
        (MapFlagDefinitionAt(r, 0, 10), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9));

    private static FlagDefinitionData MapFlagDefinitionAt(DbDataReader r, int o, int expectedLifetime) =>
        new(
            r.GetString(o),
            r.GetString(o + 1),
            r.GetString(o + 2),
            NullableString(r, o + 3),
            JsonSerializer.Deserialize<string[]>(r.GetString(o + 4), Json) ?? [],
            r.GetString(o + 5),
            ParseJson(r.GetString(o + 6)),
            r.IsDBNull(expectedLifetime) ? null : (int)r.GetInt64(expectedLifetime));

    private static FlagState ToFlagState(string projectKey, (FlagDefinitionData Definition, long Revision, long CreatedAt, long UpdatedAt) row) =>
        new(projectKey, row.Definition, row.Revision, FromMs(row.CreatedAt), FromMs(row.UpdatedAt));

    /// <summary>The configuration a flag gets in an environment where nobody configured it yet: off, serving its last variation; on, its first.</summary>
    internal static FlagConfigData DefaultConfig(FlagDefinitionData definition)
    {
        string? first = null;
        string? last = null;
        if (definition.Variations.ValueKind == JsonValueKind.Array)
        {
            foreach (var variation in definition.Variations.EnumerateArray())
            {
                if (variation.ValueKind == JsonValueKind.Object && variation.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    first ??= key.GetString();
                    last = key.GetString();
                }
            }
        }

        var fallthrough = ParseJson(ToJson(new { variation = first ?? string.Empty }));
        var empty = ParseJson("[]");
        return new FlagConfigData(false, last, null, empty, empty, empty, fallthrough);
    }

    internal static string NativeFlagJson(FlagDefinitionData definition, FlagConfigData config, long version) =>
        NativeFlagWriter.ToJson(definition, config, version);

    public Task<WriteResult<FlagState>> CreateFlagAsync(string projectKey, FlagDefinitionData definition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var project = await FindProjectAsync(scope, projectKey, cancellationToken);
            if (project is null)
            {
                return WriteResult<FlagState>.Fail(WriteStatus.NotFound);
            }

            if (await FindFlagAsync(scope, project, definition.Key, cancellationToken) is not null)
            {
                return WriteResult<FlagState>.Fail(WriteStatus.Conflict);
            }

            await scope.ExecuteAsync(
                $"INSERT INTO flags (project_id, {FlagColumns}) VALUES (@project, @key, @type, @name, @description, @tags, @lifetime, @variations, 1, @now, @now, @expected)",
                cancellationToken,
                DefinitionParameters(project.Id, definition, scope.Now));
            var config = DefaultConfig(definition);
            var errors = new List<Core.Serialization.ValidationError>();
            foreach (var environment in await FindEnvironmentsAsync(scope, project.Id, cancellationToken))
            {
                var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
                await UpsertConfigAsync(scope, environment.Id, definition.Key, config, 1, version, cancellationToken);
                await scope.AppendChangeAsync(environment.Id, version, "flag", definition.Key, "upsert", NativeFlagJson(definition, config, version), cancellationToken);
                errors.AddRange(await ValidateInScopeAsync(scope, environment, "flags", definition.Key, cancellationToken));
            }

            if (errors.Count > 0)
            {
                return WriteResult<FlagState>.Invalid(Distinct(errors));
            }

            var state = new FlagState(projectKey, definition, 1, FromMs(scope.Now), FromMs(scope.Now));
            await scope.AuditAsync(context, "flag.create", projectKey, null, $"projects/{projectKey}/flags/{definition.Key}", null, definition, cancellationToken);
            return WriteResult<FlagState>.Ok(state, scope.Versions);
        }, cancellationToken);

    public Task<WriteResult<FlagState>> UpdateFlagAsync(string projectKey, FlagDefinitionData definition, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var project = await FindProjectAsync(scope, projectKey, cancellationToken);
            var before = project is null ? null : await FindFlagAsync(scope, project, definition.Key, cancellationToken);
            if (project is null || before is null)
            {
                return WriteResult<FlagState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<FlagState>.Fail(WriteStatus.PreconditionFailed);
            }

            await scope.ExecuteAsync(
                "UPDATE flags SET type = @type, name = @name, description = @description, tags = @tags, lifetime = @lifetime, variations = @variations, expected_lifetime_days = @expected, " +
                "revision = revision + 1, updated_at = @now WHERE project_id = @project AND key = @key",
                cancellationToken,
                DefinitionParameters(project.Id, definition, scope.Now));
            var errors = new List<Core.Serialization.ValidationError>();
            foreach (var environment in await FindEnvironmentsAsync(scope, project.Id, cancellationToken))
            {
                var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
                await scope.ExecuteAsync("UPDATE flag_configs SET version = @version WHERE environment_id = @env AND flag_key = @key", cancellationToken, ("@version", version), ("@env", environment.Id), ("@key", definition.Key));
                var current = (await FindEnvironmentFlagAsync(scope, environment, definition.Key, cancellationToken))!;
                await scope.AppendChangeAsync(environment.Id, version, "flag", definition.Key, "upsert", NativeFlagJson(definition, current.Config, version), cancellationToken);
                errors.AddRange(await ValidateInScopeAsync(scope, environment, "flags", definition.Key, cancellationToken));
            }

            if (errors.Count > 0)
            {
                return WriteResult<FlagState>.Invalid(Distinct(errors));
            }

            var after = before with { Definition = definition, Revision = before.Revision + 1, UpdatedAt = FromMs(scope.Now) };
            await scope.AuditAsync(context, "flag.update", projectKey, null, $"projects/{projectKey}/flags/{definition.Key}", before.Definition, definition, cancellationToken);
            return WriteResult<FlagState>.Ok(after, scope.Versions);
        }, cancellationToken);

    public Task<WriteResult<FlagState>> DeleteFlagAsync(string projectKey, string flagKey, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var project = await FindProjectAsync(scope, projectKey, cancellationToken);
            var before = project is null ? null : await FindFlagAsync(scope, project, flagKey, cancellationToken);
            if (project is null || before is null)
            {
                return WriteResult<FlagState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<FlagState>.Fail(WriteStatus.PreconditionFailed);
            }

            var errors = new List<Core.Serialization.ValidationError>();
            foreach (var environment in await FindEnvironmentsAsync(scope, project.Id, cancellationToken))
            {
                await scope.ExecuteAsync("DELETE FROM flag_configs WHERE environment_id = @env AND flag_key = @key", cancellationToken, ("@env", environment.Id), ("@key", flagKey));
                var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
                await scope.AppendChangeAsync(environment.Id, version, "flag", flagKey, "delete", null, cancellationToken);
                errors.AddRange(await ValidateInScopeAsync(scope, environment, null, null, cancellationToken));
            }

            if (errors.Count > 0)
            {
                return WriteResult<FlagState>.Invalid(Distinct(errors));
            }

            await scope.ExecuteAsync("DELETE FROM flags WHERE project_id = @project AND key = @key", cancellationToken, ("@project", project.Id), ("@key", flagKey));
            await scope.AuditAsync(context, "flag.delete", projectKey, null, $"projects/{projectKey}/flags/{flagKey}", before.Definition, null, cancellationToken);
            return WriteResult<FlagState>.Ok(before, scope.Versions);
        }, cancellationToken);

    public Task<FlagState?> GetFlagAsync(string projectKey, string flagKey, CancellationToken cancellationToken) =>
        ReadOneAsync(
            $"SELECT {Prefixed("f", FlagColumns)} FROM flags f JOIN projects p ON p.id = f.project_id WHERE p.key = @project AND f.key = @key",
            r => ToFlagState(projectKey, MapFlagDefinition(r)),
            cancellationToken,
            ("@project", projectKey),
            ("@key", flagKey));

    public async Task<FlagPage> ListFlagsAsync(string projectKey, FlagQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Prefixed("f", FlagColumns)} FROM flags f JOIN projects p ON p.id = f.project_id");
        var parameters = new List<(string, object?)> { ("@project", projectKey), ("@limit", query.Limit + 1) };
        if (query.Environment is not null && query.Enabled is not null)
        {
            sql.Append(" JOIN environments e ON e.project_id = p.id AND e.key = @env JOIN flag_configs c ON c.environment_id = e.id AND c.flag_key = f.key AND c.enabled = @enabled");
            parameters.Add(("@env", query.Environment));
            parameters.Add(("@enabled", query.Enabled.Value ? 1L : 0L));
        }

        sql.Append(" WHERE p.key = @project");
        if (!string.IsNullOrEmpty(query.Text))
        {
            sql.Append(" AND (lower(f.key) LIKE @text ESCAPE '\\' OR lower(f.name) LIKE @text ESCAPE '\\')");
            parameters.Add(("@text", "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%"));
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            sql.Append(" AND f.tags LIKE @tag ESCAPE '\\'");
            parameters.Add(("@tag", "%" + EscapeLike(JsonSerializer.Serialize(query.Tag, Json)) + "%"));
        }

        if (query.After is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND f.key{OrdinalCollation} > @after");
            parameters.Add(("@after", query.After));
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY f.key{OrdinalCollation} LIMIT @limit");
        var rows = await ReadManyAsync(sql.ToString(), r => ToFlagState(projectKey, MapFlagDefinition(r)), cancellationToken, [.. parameters]);
        if (rows.Count <= query.Limit)
        {
            return new FlagPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new FlagPage(rows, rows[^1].Definition.Key);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(", ").Select(c => $"{alias}.{c}"));

    private static (string, object?)[] DefinitionParameters(long projectId, FlagDefinitionData definition, long now) =>
    [
        ("@project", projectId),
        ("@key", definition.Key),
        ("@type", definition.Type),
        ("@name", definition.Name),
        ("@description", definition.Description),
        ("@tags", ToJson(definition.Tags)),
        ("@lifetime", definition.Lifetime),
        ("@variations", definition.Variations.GetRawText()),
        ("@now", now),
        ("@expected", definition.ExpectedLifetimeDays is { } days ? (long)days : null),
    ];

    private static async Task<FlagState?> FindFlagAsync(SqlWriteScope scope, ProjectState project, string key, CancellationToken cancellationToken)
    {
        var row = await ReadManyAsync(
            scope.Connection,
            scope.Transaction,
            $"SELECT {FlagColumns} FROM flags WHERE project_id = @project AND key = @key",
            MapFlagDefinition,
            cancellationToken,
            ("@project", project.Id),
            ("@key", key));
        return row.Count == 0 ? null : ToFlagState(project.Key, row[0]);
    }

    private static List<Core.Serialization.ValidationError> Distinct(List<Core.Serialization.ValidationError> errors) => [.. errors.Distinct()];
}
