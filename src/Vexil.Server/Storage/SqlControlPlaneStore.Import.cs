using System.Data.Common;
using System.Text.Json;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Flags.Import;
using Vexil.Server.Segments;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    /// <summary>
    /// Creates or updates every flag in one transaction: a new flag gets the imported configuration in the target
    /// environment and the default one elsewhere; an existing flag's definition and target configuration are replaced
    /// where they differ; identical flags are left alone (so importing twice changes nothing). Every affected environment
    /// is validated as a whole; a dry run does all of it and rolls back.
    /// </summary>
    public Task<WriteResult<ImportOutcome>> ImportFlagsAsync(
        string projectKey,
        string environmentKey,
        IReadOnlyList<ImportedFlag> flags,
        bool dryRun,
        WriteContext context,
        CancellationToken cancellationToken,
        IReadOnlyList<SegmentData>? segments = null)
    {
        Task<WriteResult<ImportOutcome>> Body(SqlWriteScope scope) => ImportCoreAsync(scope, projectKey, environmentKey, flags, segments ?? [], context, cancellationToken);
        return dryRun ? DryRunAsync(Body, cancellationToken) : WriteAsync(Body, cancellationToken);
    }

    private async Task<WriteResult<ImportOutcome>> DryRunAsync(Func<SqlWriteScope, Task<WriteResult<ImportOutcome>>> body, CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken);
        WriteResult<ImportOutcome> result;
        try
        {
            result = await body(scope);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            result = WriteResult<ImportOutcome>.Fail(WriteStatus.Conflict);
        }

        await scope.Transaction.RollbackAsync(CancellationToken.None);
        return result;
    }

    private async Task<WriteResult<ImportOutcome>> ImportCoreAsync(
        SqlWriteScope scope,
        string projectKey,
        string environmentKey,
        IReadOnlyList<ImportedFlag> flags,
        IReadOnlyList<SegmentData> segments,
        WriteContext context,
        CancellationToken cancellationToken)
    {
        var project = await FindProjectAsync(scope, projectKey, cancellationToken);
        var environments = project is null ? [] : await FindEnvironmentsAsync(scope, project.Id, cancellationToken);
        var target = environments.Find(e => e.Key == environmentKey);
        if (project is null || target is null)
        {
            return WriteResult<ImportOutcome>.Fail(WriteStatus.NotFound);
        }

        List<string> created = [], updated = [], unchanged = [];
        var touched = new HashSet<EnvironmentState>();

        // Segments first (the flags' rules refer to them); an identical one is left alone.
        foreach (var segment in segments)
        {
            var existing = await FindSegmentAsync(scope.Connection, scope.Transaction, target, segment.Key, cancellationToken);
            if (existing is not null && SameJson(NativeSegmentElement(existing.Data), NativeSegmentElement(segment)))
            {
                continue;
            }

            var written = await WriteSegmentAsync(scope, target, existing, segment, context, cancellationToken);
            if (written.Status != WriteStatus.Ok)
            {
                return written.Status == WriteStatus.Invalid ? WriteResult<ImportOutcome>.Invalid(written.Errors) : WriteResult<ImportOutcome>.Fail(written.Status);
            }

            touched.Add(target);
        }

        foreach (var flag in flags)
        {
            var key = flag.Definition.Key;
            var before = await FindFlagAsync(scope, project, key, cancellationToken);
            if (before is null)
            {
                await scope.ExecuteAsync(
                    $"INSERT INTO flags (project_id, {FlagColumns}) VALUES (@project, @key, @type, @name, @description, @tags, @lifetime, @variations, 1, @now, @now, @expected)",
                    cancellationToken,
                    DefinitionParameters(project.Id, flag.Definition, scope.Now));
                foreach (var environment in environments)
                {
                    var config = environment == target ? flag.Config : DefaultConfig(flag.Definition);
                    var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
                    await UpsertConfigAsync(scope, environment.Id, key, config, 1, version, cancellationToken);
                    await scope.AppendChangeAsync(environment.Id, version, "flag", key, "upsert", NativeFlagJson(flag.Definition, config, version), cancellationToken);
                    touched.Add(environment);
                }

                await scope.AuditAsync(context, "flag.import", projectKey, environmentKey, $"projects/{projectKey}/flags/{key}", null, NativeFlagWriter.ToElement(flag.Definition, flag.Config, 0), cancellationToken);
                created.Add(key);
                continue;
            }

            var definition = Merge(before.Definition, flag.Definition);
            var current = await FindEnvironmentFlagAsync(scope, target, key, cancellationToken);
            var definitionChanged = !SameJson(NativeFlagWriter.ToElement(before.Definition, flag.Config, 0), NativeFlagWriter.ToElement(definition, flag.Config, 0))
                || before.Definition.Name != definition.Name;
            var configChanged = current is null || !SameJson(NativeFlagWriter.ToElement(definition, current.Config, 0), NativeFlagWriter.ToElement(definition, flag.Config, 0));
            if (!definitionChanged && !configChanged)
            {
                unchanged.Add(key);
                continue;
            }

            if (definitionChanged)
            {
                await scope.ExecuteAsync(
                    "UPDATE flags SET type = @type, name = @name, description = @description, tags = @tags, lifetime = @lifetime, variations = @variations, " +
                    "revision = revision + 1, updated_at = @now WHERE project_id = @project AND key = @key",
                    cancellationToken,
                    DefinitionParameters(project.Id, definition, scope.Now));
                foreach (var environment in environments.Where(e => e != target))
                {
                    var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
                    await scope.ExecuteAsync("UPDATE flag_configs SET version = @version WHERE environment_id = @env AND flag_key = @key", cancellationToken, ("@version", version), ("@env", environment.Id), ("@key", key));
                    var other = (await FindEnvironmentFlagAsync(scope, environment, key, cancellationToken))!;
                    await scope.AppendChangeAsync(environment.Id, version, "flag", key, "upsert", NativeFlagJson(definition, other.Config, version), cancellationToken);
                    touched.Add(environment);
                }
            }

            var targetVersion = await scope.BumpVersionAsync(target.Id, target.Key, cancellationToken);
            await UpsertConfigAsync(scope, target.Id, key, flag.Config, (current?.ConfigRevision ?? 0) + 1, targetVersion, cancellationToken);
            await scope.AppendChangeAsync(target.Id, targetVersion, "flag", key, "upsert", NativeFlagJson(definition, flag.Config, targetVersion), cancellationToken);
            touched.Add(target);
            await scope.AuditAsync(
                context,
                "flag.import",
                projectKey,
                environmentKey,
                $"projects/{projectKey}/environments/{environmentKey}/flags/{key}",
                current is null ? before.Definition : NativeFlagWriter.ToElement(current.Definition, current.Config, current.Version),
                NativeFlagWriter.ToElement(definition, flag.Config, targetVersion),
                cancellationToken);
            updated.Add(key);
        }

        var errors = new List<Core.Serialization.ValidationError>();
        foreach (var environment in touched)
        {
            errors.AddRange(await ValidateInScopeAsync(scope, environment, null, null, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return WriteResult<ImportOutcome>.Invalid(Distinct(errors));
        }

        var environmentVersion = scope.Versions.TryGetValue(target.Key, out var bumped) ? bumped : target.Version;
        return WriteResult<ImportOutcome>.Ok(new ImportOutcome(created, updated, unchanged, environmentVersion), scope.Versions);
    }

    /// <summary>An existing flag keeps its name and lifetime; the import brings type, variations, and description and tags when it has them.</summary>
    private static FlagDefinitionData Merge(FlagDefinitionData existing, FlagDefinitionData imported) =>
        imported with
        {
            Name = existing.Name,
            Lifetime = existing.Lifetime,
            Description = imported.Description ?? existing.Description,
            Tags = imported.Tags.Count > 0 ? imported.Tags : existing.Tags,
        };

    private static bool SameJson(JsonElement left, JsonElement right) => JsonElement.DeepEquals(left, right);

    private static JsonElement NativeSegmentElement(SegmentData segment)
    {
        using var document = JsonDocument.Parse(NativeSegmentWriter.ToJson(segment));
        return document.RootElement.Clone();
    }
}
