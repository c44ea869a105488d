using System.Data.Common;
using Vexil.Server.Environments;
using Vexil.Server.Flags;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    private const string EnvironmentFlagSql =
        $"SELECT f.key, f.type, f.name, f.description, f.tags, f.lifetime, f.variations, f.revision, " +
        "c.enabled, c.off_variation, c.salt, c.prerequisites, c.targets, c.rules, c.fallthrough, c.revision, c.version, f.expected_lifetime_days, c.context_kinds " +
        "FROM flag_configs c JOIN environments e ON e.id = c.environment_id JOIN flags f ON f.project_id = e.project_id AND f.key = c.flag_key ";

    private static EnvironmentFlagState MapEnvironmentFlag(DbDataReader r, string projectKey, string environmentKey) =>
        new(
            projectKey,
            environmentKey,
            MapFlagDefinitionAt(r, 0, 17),
            r.GetInt64(7),
            new FlagConfigData(
                r.GetInt64(8) != 0,
                NullableString(r, 9),
                NullableString(r, 10),
                ParseJson(r.GetString(11)),
                ParseJson(r.GetString(12)),
                ParseJson(r.GetString(13)),
                ParseJson(r.GetString(14)),
                r.GetInt64(18) != 0),
            r.GetInt64(15),
            r.GetInt64(16));

    public async Task<EnvironmentFlagState?> GetEnvironmentFlagAsync(string projectKey, string environmentKey, string flagKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneAsync(
            connection,
            null,
            EnvironmentFlagSql + "JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @env AND c.flag_key = @key",
            r => MapEnvironmentFlag(r, projectKey, environmentKey),
            cancellationToken,
            ("@project", projectKey),
            ("@env", environmentKey),
            ("@key", flagKey));
    }

    private static Task<EnvironmentFlagState?> FindEnvironmentFlagAsync(SqlWriteScope scope, EnvironmentState environment, string flagKey, CancellationToken cancellationToken) =>
        ReadOneAsync(
            scope.Connection,
            scope.Transaction,
            EnvironmentFlagSql + "WHERE c.environment_id = @env AND c.flag_key = @key",
            r => MapEnvironmentFlag(r, environment.ProjectKey, environment.Key),
            cancellationToken,
            ("@env", environment.Id),
            ("@key", flagKey));

    private static Task<List<EnvironmentFlagState>> FindEnvironmentFlagsAsync(DbConnection connection, DbTransaction? transaction, EnvironmentState environment, CancellationToken cancellationToken) =>
        ReadManyAsync(
            connection,
            transaction,
            EnvironmentFlagSql + "WHERE c.environment_id = @env",
            r => MapEnvironmentFlag(r, environment.ProjectKey, environment.Key),
            cancellationToken,
            ("@env", environment.Id));

    public Task<WriteResult<EnvironmentFlagState>> UpdateFlagConfigAsync(
        string projectKey,
        string environmentKey,
        string flagKey,
        Func<FlagConfigData, FlagConfigData> update,
        string action,
        Precondition precondition,
        WriteContext context,
        CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var environment = await FindEnvironmentAsync(scope, projectKey, environmentKey, cancellationToken);
            var before = environment is null ? null : await FindEnvironmentFlagAsync(scope, environment, flagKey, cancellationToken);
            if (environment is null || before is null)
            {
                return WriteResult<EnvironmentFlagState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<EnvironmentFlagState>.Fail(WriteStatus.PreconditionFailed);
            }

            return await WriteConfigAsync(scope, environment, before, update(before.Config), action, context, cancellationToken);
        }, cancellationToken);

    public Task<WriteResult<EnvironmentFlagState>> PromoteFlagAsync(
        string projectKey,
        string flagKey,
        string fromEnvironment,
        string toEnvironment,
        Precondition precondition,
        WriteContext context,
        CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var lockClause = scope.Lock("e");
            if (lockClause.Length > 0)
            {
                // Lock both environments in id order, as every other multi-environment write does: no deadlock.
                await scope.ExecuteAsync(
                    $"SELECT e.id FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key IN (@from, @to) ORDER BY e.id{lockClause}",
                    cancellationToken,
                    ("@project", projectKey),
                    ("@from", fromEnvironment),
                    ("@to", toEnvironment));
            }

            var source = await FindEnvironmentAsync(scope, projectKey, fromEnvironment, cancellationToken);
            var target = await FindEnvironmentAsync(scope, projectKey, toEnvironment, cancellationToken);
            var from = source is null ? null : await FindEnvironmentFlagAsync(scope, source, flagKey, cancellationToken);
            var before = target is null ? null : await FindEnvironmentFlagAsync(scope, target, flagKey, cancellationToken);
            if (from is null || before is null)
            {
                return WriteResult<EnvironmentFlagState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<EnvironmentFlagState>.Fail(WriteStatus.PreconditionFailed);
            }

            return await WriteConfigAsync(scope, target!, before, from.Config, "flag.promote", context with { Comment = context.Comment ?? $"promoted from {fromEnvironment}" }, cancellationToken);
        }, cancellationToken);

    private async Task<WriteResult<EnvironmentFlagState>> WriteConfigAsync(
        SqlWriteScope scope,
        EnvironmentState environment,
        EnvironmentFlagState before,
        FlagConfigData config,
        string action,
        WriteContext context,
        CancellationToken cancellationToken)
    {
        var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
        await UpsertConfigAsync(scope, environment.Id, before.Definition.Key, config, before.ConfigRevision + 1, version, cancellationToken);
        var errors = await ValidateInScopeAsync(scope, environment, "flags", before.Definition.Key, cancellationToken);
        if (errors.Count > 0)
        {
            return WriteResult<EnvironmentFlagState>.Invalid(errors);
        }

        var payload = NativeFlagJson(before.Definition, config, version);
        await scope.AppendChangeAsync(environment.Id, version, "flag", before.Definition.Key, "upsert", payload, cancellationToken);
        var after = before with { Config = config, ConfigRevision = before.ConfigRevision + 1, Version = version };
        await scope.AuditAsync(
            context,
            action,
            environment.ProjectKey,
            environment.Key,
            $"projects/{environment.ProjectKey}/environments/{environment.Key}/flags/{before.Definition.Key}",
            NativeFlagWriter.ToElement(before.Definition, before.Config, before.Version),
            ParseJson(payload),
            cancellationToken);
        return WriteResult<EnvironmentFlagState>.Ok(after, scope.Versions);
    }

    private static Task UpsertConfigAsync(SqlWriteScope scope, long environmentId, string flagKey, FlagConfigData config, long revision, long version, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO flag_configs (environment_id, flag_key, enabled, off_variation, salt, prerequisites, targets, rules, fallthrough, revision, version, updated_at, context_kinds) " +
            "VALUES (@env, @key, @enabled, @off, @salt, @prerequisites, @targets, @rules, @fallthrough, @revision, @version, @now, @contextKinds) " +
            "ON CONFLICT (environment_id, flag_key) DO UPDATE SET enabled = excluded.enabled, off_variation = excluded.off_variation, salt = excluded.salt, " +
            "prerequisites = excluded.prerequisites, targets = excluded.targets, rules = excluded.rules, fallthrough = excluded.fallthrough, " +
            "revision = excluded.revision, version = excluded.version, updated_at = excluded.updated_at, context_kinds = excluded.context_kinds",
            cancellationToken,
            ("@env", environmentId),
            ("@key", flagKey),
            ("@enabled", config.Enabled ? 1L : 0L),
            ("@contextKinds", config.ContextKinds ? 1L : 0L),
            ("@off", config.OffVariation),
            ("@salt", config.Salt),
            ("@prerequisites", config.Prerequisites.GetRawText()),
            ("@targets", config.Targets.GetRawText()),
            ("@rules", config.Rules.GetRawText()),
            ("@fallthrough", config.Fallthrough.GetRawText()),
            ("@revision", revision),
            ("@version", version),
            ("@now", scope.Now));
}
