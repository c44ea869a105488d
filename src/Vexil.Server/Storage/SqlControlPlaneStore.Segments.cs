using System.Data.Common;
using System.Text.Json;
using Vexil.Server.Environments;
using Vexil.Server.Segments;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    private const string SegmentColumns = "key, description, included, excluded, rules, revision, version, contexts";

    private static SegmentState MapSegment(DbDataReader r, EnvironmentState environment) =>
        new(
            environment.ProjectKey,
            environment.Key,
            new SegmentData(
                r.GetString(0),
                NullableString(r, 1),
                JsonSerializer.Deserialize<string[]>(r.GetString(2), Json) ?? [],
                JsonSerializer.Deserialize<string[]>(r.GetString(3), Json) ?? [],
                ParseJson(r.GetString(4)),
                r.IsDBNull(7) ? null : ParseJson(r.GetString(7))),
            r.GetInt64(5),
            r.GetInt64(6));

    public Task<WriteResult<SegmentState>> CreateSegmentAsync(string projectKey, string environmentKey, SegmentData segment, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var environment = await FindEnvironmentAsync(scope, projectKey, environmentKey, cancellationToken);
            if (environment is null)
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.NotFound);
            }

            if (await FindSegmentAsync(scope.Connection, scope.Transaction, environment, segment.Key, cancellationToken) is not null)
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.Conflict);
            }

            return await WriteSegmentAsync(scope, environment, null, segment, context, cancellationToken);
        }, cancellationToken);

    public Task<WriteResult<SegmentState>> UpdateSegmentAsync(string projectKey, string environmentKey, SegmentData segment, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var environment = await FindEnvironmentAsync(scope, projectKey, environmentKey, cancellationToken);
            var before = environment is null ? null : await FindSegmentAsync(scope.Connection, scope.Transaction, environment, segment.Key, cancellationToken);
            if (environment is null || before is null)
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.PreconditionFailed);
            }

            return await WriteSegmentAsync(scope, environment, before, segment, context, cancellationToken);
        }, cancellationToken);

    public Task<WriteResult<SegmentState>> DeleteSegmentAsync(string projectKey, string environmentKey, string segmentKey, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var environment = await FindEnvironmentAsync(scope, projectKey, environmentKey, cancellationToken);
            var before = environment is null ? null : await FindSegmentAsync(scope.Connection, scope.Transaction, environment, segmentKey, cancellationToken);
            if (environment is null || before is null)
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<SegmentState>.Fail(WriteStatus.PreconditionFailed);
            }

            await scope.ExecuteAsync("DELETE FROM segments WHERE environment_id = @env AND key = @key", cancellationToken, ("@env", environment.Id), ("@key", segmentKey));
            var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
            var errors = await ValidateInScopeAsync(scope, environment, null, null, cancellationToken);
            if (errors.Count > 0)
            {
                return WriteResult<SegmentState>.Invalid(errors);
            }

            await scope.AppendChangeAsync(environment.Id, version, "segment", segmentKey, "delete", null, cancellationToken);
            await scope.AuditAsync(context, "segment.delete", projectKey, environmentKey, SegmentResource(environment, segmentKey), before.Data, null, cancellationToken);
            return WriteResult<SegmentState>.Ok(before with { Version = version }, scope.Versions);
        }, cancellationToken);

    public async Task<SegmentState?> GetSegmentAsync(string projectKey, string environmentKey, string segmentKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var environment = await GetEnvironmentAsync(projectKey, environmentKey, cancellationToken);
        return environment is null ? null : await FindSegmentAsync(connection, null, environment, segmentKey, cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentState>> ListSegmentsAsync(string projectKey, string environmentKey, CancellationToken cancellationToken)
    {
        var environment = await GetEnvironmentAsync(projectKey, environmentKey, cancellationToken);
        if (environment is null)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        var segments = await FindSegmentsAsync(connection, null, environment, cancellationToken);
        segments.Sort((a, b) => string.CompareOrdinal(a.Data.Key, b.Data.Key));
        return segments;
    }

    private async Task<WriteResult<SegmentState>> WriteSegmentAsync(SqlWriteScope scope, EnvironmentState environment, SegmentState? before, SegmentData segment, WriteContext context, CancellationToken cancellationToken)
    {
        var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
        var revision = (before?.Revision ?? 0) + 1;
        await scope.ExecuteAsync(
            "INSERT INTO segments (environment_id, key, description, included, excluded, rules, revision, version, created_at, updated_at, contexts) " +
            "VALUES (@env, @key, @description, @included, @excluded, @rules, @revision, @version, @now, @now, @contexts) " +
            "ON CONFLICT (environment_id, key) DO UPDATE SET description = excluded.description, included = excluded.included, excluded = excluded.excluded, " +
            "rules = excluded.rules, revision = excluded.revision, version = excluded.version, updated_at = excluded.updated_at, contexts = excluded.contexts",
            cancellationToken,
            ("@env", environment.Id),
            ("@key", segment.Key),
            ("@description", segment.Description),
            ("@included", ToJson(segment.Included)),
            ("@excluded", ToJson(segment.Excluded)),
            ("@rules", segment.Rules.GetRawText()),
            ("@contexts", segment.Contexts is { ValueKind: JsonValueKind.Object } contexts ? contexts.GetRawText() : null),
            ("@revision", revision),
            ("@version", version),
            ("@now", scope.Now));
        var errors = await ValidateInScopeAsync(scope, environment, "segments", segment.Key, cancellationToken);
        if (errors.Count > 0)
        {
            return WriteResult<SegmentState>.Invalid(errors);
        }

        await scope.AppendChangeAsync(environment.Id, version, "segment", segment.Key, "upsert", NativeSegmentWriter.ToJson(segment), cancellationToken);
        await scope.AuditAsync(context, before is null ? "segment.create" : "segment.update", environment.ProjectKey, environment.Key, SegmentResource(environment, segment.Key), before?.Data, segment, cancellationToken);
        return WriteResult<SegmentState>.Ok(new SegmentState(environment.ProjectKey, environment.Key, segment, revision, version), scope.Versions);
    }

    private static string SegmentResource(EnvironmentState environment, string key) =>
        $"projects/{environment.ProjectKey}/environments/{environment.Key}/segments/{key}";

    private static Task<SegmentState?> FindSegmentAsync(DbConnection connection, DbTransaction? transaction, EnvironmentState environment, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(
            connection,
            transaction,
            $"SELECT {SegmentColumns} FROM segments WHERE environment_id = @env AND key = @key",
            r => MapSegment(r, environment),
            cancellationToken,
            ("@env", environment.Id),
            ("@key", key));

    private static Task<List<SegmentState>> FindSegmentsAsync(DbConnection connection, DbTransaction? transaction, EnvironmentState environment, CancellationToken cancellationToken) =>
        ReadManyAsync(
            connection,
            transaction,
            $"SELECT {SegmentColumns} FROM segments WHERE environment_id = @env",
            r => MapSegment(r, environment),
            cancellationToken,
            ("@env", environment.Id));
}
