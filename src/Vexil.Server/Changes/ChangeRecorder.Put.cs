using Vexil.Server.Audit;
using Vexil.Server.Flags;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    /// <summary>Creates the flag, or brings its spec and the given environments' targeting to the desired state where they differ.</summary>
    private static async Task<ChangeResult> PutFlagAsync(ChangeWork work, PutFlag change)
    {
        var imported = work.Set.Origin == ChangeOrigin.Import;
        var existing = await FlagStore.FindAsync(work.Scope, work.Project.Id, work.Project.Key, change.Spec.Key, work.CancellationToken);
        if (existing is null)
        {
            var state = await InsertFlagAsync(work, change.Spec, change.Targeting, change);
            var action = imported ? "flag.import" : "flag.create";
            await work.AuditAsync(new AuditRecord(action, work.Project.Key, null, FlagResource(work, change.Spec.Key), null, FlagSpecJson.ToElement(change.Spec)));
            await RaiseForEveryEnvironmentAsync(work, WebhookEventTypes.FlagCreated, action, change.Spec.Key, null, FlagSpecJson.ToElement(change.Spec));
            return new ChangeResult(change, ChangeEffect.Created, state, []);
        }

        if (existing.Spec.Key != change.Spec.Key || existing.Archived)
        {
            await RefuseExistingAsync(work, change.Spec.Key, change);
        }

        var spec = change.KeepName ? Merge(existing.Spec, change.Spec) : change.Spec;
        var fields = new List<string>();
        var specChanged = !spec.SameAs(existing.Spec);
        if (specChanged)
        {
            fields.AddRange(Fields(FlagSpecJson.ToElement(existing.Spec), FlagSpecJson.ToElement(spec)));
        }

        var changedTargeting = new Dictionary<string, (EnvironmentFlagState Before, FlagTargeting After)>(StringComparer.Ordinal);
        foreach (var (environmentKey, targeting) in change.Targeting)
        {
            var current = await FlagStore.FindInEnvironmentAsync(work.Scope, work.Environment(environmentKey), spec.Key, work.CancellationToken)
                ?? throw new InvalidDataException($"Flag '{spec.Key}' has no targeting in environment '{environmentKey}'.");
            if (!targeting.SameAs(current.Targeting, spec))
            {
                changedTargeting[environmentKey] = (current, targeting);
                fields.AddRange(Fields(FlagJson.ToElement(spec.With(current.Targeting, 0)), FlagJson.ToElement(spec.With(targeting, 0))));
            }
        }

        if (!specChanged && changedTargeting.Count == 0)
        {
            return new ChangeResult(change, ChangeEffect.Unchanged, existing, []);
        }

        var after = existing;
        if (specChanged)
        {
            var desired = changedTargeting.ToDictionary(p => p.Key, p => p.Value.After, StringComparer.Ordinal);
            after = await WriteSpecAsync(work, existing, spec, desired, change);
            var action = imported ? "flag.import" : "flag.update";
            await work.AuditAsync(new AuditRecord(action, work.Project.Key, null, FlagResource(work, spec.Key), FlagSpecJson.ToElement(existing.Spec), FlagSpecJson.ToElement(spec)));
            await RaiseForEveryEnvironmentAsync(work, WebhookEventTypes.FlagUpdated, action, spec.Key, FlagSpecJson.ToElement(existing.Spec), FlagSpecJson.ToElement(spec));
            foreach (var (environmentKey, (before, targeting)) in changedTargeting)
            {
                await AuditTargetingAsync(work, imported, environmentKey, before, spec, targeting);
            }
        }
        else
        {
            foreach (var (_, (before, targeting)) in changedTargeting)
            {
                await WriteTargetingAsync(work, before, targeting, imported ? "flag.import" : "flag.configure", WebhookEventTypes.FlagUpdated, null, change);
            }
        }

        return new ChangeResult(change, ChangeEffect.Updated, after, [.. fields.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The audit record of one environment's targeting written together with a new spec (its version comes with the spec's).</summary>
    private static async Task AuditTargetingAsync(ChangeWork work, bool imported, string environmentKey, EnvironmentFlagState before, FlagSpec spec, FlagTargeting targeting)
    {
        var version = work.Scope.Versions[environmentKey];
        await work.AuditAsync(new AuditRecord(
            imported ? "flag.import" : "flag.configure",
            work.Project.Key,
            environmentKey,
            $"projects/{work.Project.Key}/environments/{environmentKey}/flags/{spec.Key}",
            FlagJson.ToElement(before.Flag),
            FlagJson.ToElement(spec.With(targeting, version))));
    }

    /// <summary>An existing flag keeps its name, lifetime and expected lifetime, and its description and tags where the desired state has none.</summary>
    private static FlagSpec Merge(FlagSpec existing, FlagSpec desired) =>
        desired with
        {
            Name = existing.Name,
            Lifetime = existing.Lifetime,
            ExpectedLifetimeDays = existing.ExpectedLifetimeDays,
            Description = desired.Description ?? existing.Description,
            Tags = desired.Tags.Count > 0 ? desired.Tags : existing.Tags,
        };
}
