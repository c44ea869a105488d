using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> CreateProjectAsync(ChangeWork work, CreateProject change)
    {
        var scope = work.Scope;
        var project = await ProjectStore.InsertAsync(scope, work.Set.Project, change.Name, work.CancellationToken);
        var environments = new List<EnvironmentState>();
        foreach (var (key, name) in ProjectStore.DefaultEnvironments)
        {
            var id = await EnvironmentStore.InsertAsync(scope, project.Id, key, name, work.CancellationToken);
            environments.Add(new EnvironmentState(id, project.Id, project.Key, key, name, 0, 1, Database.FromMs(scope.Now)));
        }

        work.Opened(project, environments);
        await work.AuditAsync(AuditRecord.Of("project.create", project.Key, null, $"projects/{project.Key}", null, project));
        return new ChangeResult(change, ChangeEffect.Created, project, []);
    }

    private static async Task<ChangeResult> RenameProjectAsync(ChangeWork work, RenameProject change)
    {
        var before = work.Project;
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"project '{before.Key}'", change);
        }

        var after = await ProjectStore.RenameAsync(work.Scope, before, change.Name, work.CancellationToken);
        await work.AuditAsync(AuditRecord.Of("project.update", before.Key, null, $"projects/{before.Key}", before, after));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    private static async Task<ChangeResult> CreateEnvironmentAsync(ChangeWork work, CreateEnvironment change)
    {
        var scope = work.Scope;
        var project = work.Project;
        if (await scope.ScalarAsync("SELECT id FROM environments WHERE project_id = @project AND key = @key", work.CancellationToken, ("@project", project.Id), ("@key", change.Key)) is not null)
        {
            throw new ChangeRefusedException(WriteStatus.Conflict, $"Project '{project.Key}' already has an environment '{change.Key}'.", change.Path);
        }

        var id = await EnvironmentStore.InsertAsync(scope, project.Id, change.Key, change.Name, work.CancellationToken);
        var environment = new EnvironmentState(id, project.Id, project.Key, change.Key, change.Name, 0, 1, Database.FromMs(scope.Now));
        work.Add(environment, isNew: true);
        var flags = await FlagStore.ListAllAsync(scope, project.Id, project.Key, work.CancellationToken);
        if (flags.Count > 0)
        {
            var target = await work.TouchAsync(environment);
            foreach (var flag in flags)
            {
                var targeting = FlagTargeting.Default(flag.Spec);
                await FlagStore.UpsertTargetingAsync(scope, id, flag.Spec, targeting, 1, target.Version, work.CancellationToken);
                target.UpsertFlag(flag.Spec.With(targeting, target.Version), change);
            }

            environment = environment with { Version = target.Version };
        }

        await work.AuditAsync(AuditRecord.Of("environment.create", project.Key, change.Key, $"projects/{project.Key}/environments/{change.Key}", null, new { environment.Key, environment.Name }));
        return new ChangeResult(change, ChangeEffect.Created, environment, []);
    }

    private static ChangeRefusedException Stale(string what, Change change) =>
        new(WriteStatus.PreconditionFailed, $"The {what} changed since it was read (If-Match does not match its ETag). Nothing was changed.", change.Path);

    private static ChangeRefusedException Missing(string what, Change change) =>
        new(WriteStatus.NotFound, what, change.Path);

    private static JsonElement? Json(object? value) => value is null ? null : JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);
}
