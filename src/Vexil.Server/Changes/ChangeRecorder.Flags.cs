using Vexil.Server.Audit;
using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> CreateFlagAsync(ChangeWork work, CreateFlag change)
    {
        await RefuseExistingAsync(work, change.Spec.Key, change);
        var state = await InsertFlagAsync(work, change.Spec, change.Targeting, change);
        await work.AuditAsync(new AuditRecord("flag.create", work.Project.Key, null, FlagResource(work, change.Spec.Key), null, FlagSpecJson.ToElement(change.Spec)));
        await RaiseForEveryEnvironmentAsync(work, WebhookEventTypes.FlagCreated, "flag.create", change.Spec.Key, null, FlagSpecJson.ToElement(change.Spec));
        return new ChangeResult(change, ChangeEffect.Created, state, []);
    }

    private static async Task<ChangeResult> UpdateFlagAsync(ChangeWork work, UpdateFlag change)
    {
        var before = await FindFlagAsync(work, change.Spec.Key, change);
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"flag '{before.Spec.Key}'", change);
        }

        var after = await WriteSpecAsync(work, before, change.Spec, null, change);
        await work.AuditAsync(new AuditRecord("flag.update", work.Project.Key, null, FlagResource(work, before.Spec.Key), FlagSpecJson.ToElement(before.Spec), FlagSpecJson.ToElement(change.Spec)));
        await RaiseForEveryEnvironmentAsync(work, WebhookEventTypes.FlagUpdated, "flag.update", before.Spec.Key, FlagSpecJson.ToElement(before.Spec), FlagSpecJson.ToElement(change.Spec));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    private static async Task<ChangeResult> DeleteFlagAsync(ChangeWork work, DeleteFlag change)
    {
        var before = await FindFlagAsync(work, change.Flag, change, allowArchived: true);
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"flag '{before.Spec.Key}'", change);
        }

        if (!before.Archived)
        {
            foreach (var target in await work.TouchAllAsync())
            {
                await FlagStore.DeleteTargetingAsync(work.Scope, target.Environment.Id, change.Flag, work.CancellationToken);
                target.DeleteFlag(change.Flag, change);
            }

            await RaiseForEveryEnvironmentAsync(work, WebhookEventTypes.FlagDeleted, "flag.delete", change.Flag, FlagSpecJson.ToElement(before.Spec), null);
        }
        else
        {
            await FlagStore.DeleteArchivedAsync(work.Scope, work.Project.Id, change.Flag, work.CancellationToken);
        }

        await FlagStore.DeleteAsync(work.Scope, work.Project.Id, change.Flag, work.CancellationToken);
        await work.AuditAsync(new AuditRecord("flag.delete", work.Project.Key, null, FlagResource(work, change.Flag), FlagSpecJson.ToElement(before.Spec), null));
        return new ChangeResult(change, ChangeEffect.Deleted, before, []);
    }

    private static async Task<ChangeResult> ArchiveFlagAsync(ChangeWork work, ArchiveFlag change)
    {
        var before = await FindFlagAsync(work, change.Flag, change, allowArchived: true);
        if (!change.Base.IsSatisfiedBy(before.ETag))
        {
            throw Stale($"flag '{before.Spec.Key}'", change);
        }

        if (before.Archived == change.Archived)
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, before, []);
        }

        var targets = await work.TouchAllAsync();
        await FlagStore.SetArchivedAsync(work.Scope, work.Project.Id, change.Flag, change.Archived, work.CancellationToken);
        foreach (var target in targets)
        {
            if (change.Archived)
            {
                target.DeleteFlag(change.Flag, change);
                continue;
            }

            // Restored: each environment gets back the targeting it had (an environment added since gets the default).
            var current = await FlagStore.FindInEnvironmentAsync(work.Scope, target.Environment, change.Flag, work.CancellationToken);
            var targeting = current?.Targeting ?? FlagTargeting.Default(before.Spec);
            await FlagStore.UpsertTargetingAsync(work.Scope, target.Environment.Id, before.Spec, targeting, (current?.TargetingRevision ?? 0) + 1, target.Version, work.CancellationToken);
            target.UpsertFlag(before.Spec.With(targeting, target.Version), change);
        }

        var action = change.Archived ? "flag.archive" : "flag.restore";
        var after = before with { Revision = before.Revision + 1, UpdatedAt = Database.FromMs(work.Scope.Now), ArchivedAt = change.Archived ? Database.FromMs(work.Scope.Now) : null };
        await work.AuditAsync(AuditRecord.Of(action, work.Project.Key, null, FlagResource(work, change.Flag), new { archived = before.Archived }, new { archived = change.Archived }));
        await RaiseForEveryEnvironmentAsync(work, change.Archived ? WebhookEventTypes.FlagArchived : WebhookEventTypes.FlagRestored, action, change.Flag, null, FlagSpecJson.ToElement(before.Spec));
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }

    /// <summary>Inserts a new flag and its targeting in every environment (the given one, or the default).</summary>
    private static async Task<FlagState> InsertFlagAsync(ChangeWork work, FlagSpec spec, IReadOnlyDictionary<string, FlagTargeting>? targeting, Change change)
    {
        foreach (var key in targeting?.Keys ?? [])
        {
            work.Environment(key);
        }

        var targets = await work.TouchAllAsync();
        await FlagStore.InsertAsync(work.Scope, work.Project.Id, spec, work.CancellationToken);
        foreach (var target in targets)
        {
            var chosen = targeting?.GetValueOrDefault(target.Environment.Key) ?? FlagTargeting.Default(spec);
            await FlagStore.UpsertTargetingAsync(work.Scope, target.Environment.Id, spec, chosen, 1, target.Version, work.CancellationToken);
            target.UpsertFlag(spec.With(chosen, target.Version), change);
        }

        return new FlagState(work.Project.Key, spec, 1, Database.FromMs(work.Scope.Now), Database.FromMs(work.Scope.Now));
    }

    /// <summary>Writes a flag's new spec: every environment gets a new version with the flag (and, where given, new targeting).</summary>
    private static async Task<FlagState> WriteSpecAsync(ChangeWork work, FlagState before, FlagSpec spec, IReadOnlyDictionary<string, FlagTargeting>? targeting, Change change)
    {
        var targets = await work.TouchAllAsync();
        await FlagStore.UpdateAsync(work.Scope, work.Project.Id, spec, work.CancellationToken);
        foreach (var target in targets)
        {
            var current = await FlagStore.FindInEnvironmentAsync(work.Scope, target.Environment, spec.Key, work.CancellationToken);
            var chosen = targeting?.GetValueOrDefault(target.Environment.Key) ?? current?.Targeting ?? FlagTargeting.Default(spec);
            var revision = current is null ? 1 : ReferenceEquals(chosen, current.Targeting) ? current.TargetingRevision : current.TargetingRevision + 1;
            await FlagStore.UpsertTargetingAsync(work.Scope, target.Environment.Id, spec, chosen, revision, target.Version, work.CancellationToken);
            target.UpsertFlag(spec.With(chosen, target.Version), change);
        }

        return before with { Spec = spec, Revision = before.Revision + 1, UpdatedAt = Database.FromMs(work.Scope.Now) };
    }

    private static async Task RefuseExistingAsync(ChangeWork work, string key, Change change)
    {
        var existing = await FlagStore.FindAsync(work.Scope, work.Project.Id, work.Project.Key, key, work.CancellationToken);
        if (existing is null)
        {
            return;
        }

        var detail = existing.Spec.Key == key
            ? $"Project '{work.Project.Key}' already has a flag '{key}'{(existing.Archived ? " (archived: restore it, or delete it first)" : string.Empty)}."
            : $"Project '{work.Project.Key}' already has a flag '{existing.Spec.Key}': flag keys may not differ only in case.";
        throw new ChangeRefusedException(WriteStatus.Conflict, detail, change.Path);
    }

    private static async Task<FlagState> FindFlagAsync(ChangeWork work, string key, Change change, bool allowArchived = false)
    {
        var flag = await FlagStore.FindAsync(work.Scope, work.Project.Id, work.Project.Key, key, work.CancellationToken);
        if (flag is null || flag.Spec.Key != key)
        {
            throw Missing($"flag '{key}' not found in project '{work.Project.Key}'", change);
        }

        if (flag.Archived && !allowArchived)
        {
            throw new ChangeRefusedException(WriteStatus.Conflict, $"Flag '{key}' is archived: restore it before changing it.", change.Path);
        }

        return flag;
    }

    /// <summary>One event per environment the change reached, each with that environment's new version.</summary>
    private static async Task RaiseForEveryEnvironmentAsync(ChangeWork work, string type, string action, string key, System.Text.Json.JsonElement? before, System.Text.Json.JsonElement? after)
    {
        foreach (var target in work.Touched.OrderBy(t => t.Environment.Key, StringComparer.Ordinal))
        {
            await work.WebhookAsync(new WebhookEvent(type, action, work.Project.Key, target.Environment.Key, target.Version, "flag", key, before, after));
        }
    }

    private static string FlagResource(ChangeWork work, string key) => $"projects/{work.Project.Key}/flags/{key}";
}
