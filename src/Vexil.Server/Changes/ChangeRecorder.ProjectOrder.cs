using Vexil.Server.Audit;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> ArchiveProjectAsync(ChangeWork work, ArchiveProject change)
    {
        var before = work.Project;
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"project '{before.Key}'", change);
        }

        if (before.Archived == change.Archived)
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, before, []);
        }

        var after = await ProjectStore.UpdateAsync(work.Scope, before, before.Position, change.Archived, work.CancellationToken);
        await work.AuditAsync(AuditRecord.Of(change.Archived ? "project.archive" : "project.restore", before.Key, null, $"projects/{before.Key}", new { archived = before.Archived }, new { archived = change.Archived }));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    private static async Task<ChangeResult> ReorderProjectsAsync(ChangeWork work, ReorderProjects change)
    {
        var all = work.AllProjects;
        var known = all.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        if (change.Keys.Count == 0 || change.Keys.Distinct(StringComparer.Ordinal).Count() != change.Keys.Count || change.Keys.FirstOrDefault(k => !known.Contains(k)) is not null)
        {
            throw new ChangeRefusedException(
                WriteStatus.Invalid,
                $"must name projects ({string.Join(", ", all.Select(p => p.Key))}), each once",
                change.Path.Length == 0 ? "keys" : change.Path + ".keys");
        }

        var before = all.Select(p => p.Key).ToList();
        var order = change.Keys.Concat(before.Where(k => !change.Keys.Contains(k, StringComparer.Ordinal))).ToList();
        if (before.SequenceEqual(order, StringComparer.Ordinal) && all.All(p => p.Position > 0))
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, all, []);
        }

        var after = new List<ProjectState>(all.Count);
        for (var i = 0; i < order.Count; i++)
        {
            var project = all.First(p => p.Key == order[i]);
            after.Add(project.Position == i + 1 ? project : await ProjectStore.UpdateAsync(work.Scope, project, i + 1, project.Archived, work.CancellationToken));
        }

        await work.AuditAsync(AuditRecord.Of("project.reorder", null, null, "projects", new { order = before }, new { order }));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }
}
