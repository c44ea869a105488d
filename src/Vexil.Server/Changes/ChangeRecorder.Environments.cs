using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> RenameEnvironmentAsync(ChangeWork work, RenameEnvironment change)
    {
        var before = EnvironmentAt(work, change.Key, change.Base, change);
        var after = await EnvironmentStore.UpdateAsync(work.Scope, before, change.Name, before.Position, before.Archived, work.CancellationToken);
        work.Add(after, isNew: false);
        await work.AuditAsync(AuditRecord.Of("environment.update", work.Project.Key, before.Key, EnvironmentResource(work, before.Key), new { before.Key, before.Name }, new { after.Key, after.Name }));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    private static async Task<ChangeResult> ArchiveEnvironmentAsync(ChangeWork work, ArchiveEnvironment change)
    {
        var before = EnvironmentAt(work, change.Key, change.Base, change);
        if (before.Archived == change.Archived)
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, before, []);
        }

        if (change.Archived && work.AllEnvironments.Count(e => !e.Archived) == 1)
        {
            throw new ChangeRefusedException(WriteStatus.Conflict, $"Environment '{before.Key}' is the last one of project '{work.Project.Key}' that is not archived; a project keeps at least one.", change.Path);
        }

        var after = await EnvironmentStore.UpdateAsync(work.Scope, before, before.Name, before.Position, change.Archived, work.CancellationToken);
        work.Add(after, isNew: false);
        await work.AuditAsync(AuditRecord.Of(change.Archived ? "environment.archive" : "environment.restore", work.Project.Key, before.Key, EnvironmentResource(work, before.Key), new { archived = before.Archived }, new { archived = change.Archived }));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    private static async Task<ChangeResult> ReorderEnvironmentsAsync(ChangeWork work, ReorderEnvironments change)
    {
        var all = work.AllEnvironments.OrderBy(e => e.Position).ThenBy(e => e.Id).ToList();
        var known = all.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        if (change.Keys.Count == 0 || change.Keys.Distinct(StringComparer.Ordinal).Count() != change.Keys.Count || change.Keys.FirstOrDefault(k => !known.Contains(k)) is not null)
        {
            throw new ChangeRefusedException(
                WriteStatus.Invalid,
                $"must name environments of project '{work.Project.Key}' ({string.Join(", ", all.Select(e => e.Key))}), each once",
                change.Path.Length == 0 ? "keys" : change.Path + ".keys");
        }

        var before = all.Select(e => e.Key).ToList();
        var order = change.Keys.Concat(before.Where(k => !change.Keys.Contains(k, StringComparer.Ordinal))).ToList();
        if (before.SequenceEqual(order, StringComparer.Ordinal) && all.All(e => e.Position > 0))
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, all, []);
        }

        var after = new List<EnvironmentState>(all.Count);
        for (var i = 0; i < order.Count; i++)
        {
            var environment = all.First(e => e.Key == order[i]);
            var moved = await EnvironmentStore.UpdateAsync(work.Scope, environment, environment.Name, i + 1, environment.Archived, work.CancellationToken);
            work.Add(moved, isNew: false);
            after.Add(moved);
        }

        await work.AuditAsync(AuditRecord.Of("environment.reorder", work.Project.Key, null, $"projects/{work.Project.Key}/environments", new { order = before }, new { order }));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    /// <summary>An environment the set locked, checked against the change's base.</summary>
    private static EnvironmentState EnvironmentAt(ChangeWork work, string key, Precondition @base, Change change)
    {
        var environment = work.Environment(key);
        if (!@base.IsSatisfiedBy(environment.ETag))
        {
            throw Stale($"environment '{key}'", change);
        }

        return environment;
    }

    private static string EnvironmentResource(ChangeWork work, string key) => $"projects/{work.Project.Key}/environments/{key}";
}
