using System.Globalization;
using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    private static async Task<ChangeResult> ConfigureFlagAsync(ChangeWork work, ConfigureFlag change)
    {
        var before = await FindInEnvironmentAsync(work, change.Environment, change.Flag, change.Base, change);
        return await WriteTargetingAsync(work, before, change.Targeting, "flag.configure", WebhookEventTypes.FlagUpdated, null, change);
    }

    private static async Task<ChangeResult> ToggleFlagAsync(ChangeWork work, ToggleFlag change)
    {
        var before = await FindInEnvironmentAsync(work, change.Environment, change.Flag, change.Base, change);
        return await WriteTargetingAsync(work, before, before.Targeting with { Enabled = change.Enabled }, change.Enabled ? "flag.on" : "flag.off", WebhookEventTypes.FlagToggled, null, change);
    }

    private static async Task<ChangeResult> PromoteFlagAsync(ChangeWork work, PromoteFlag change)
    {
        var from = await FindInEnvironmentAsync(work, change.From, change.Flag, Precondition.None, change);
        var before = await FindInEnvironmentAsync(work, change.To, change.Flag, change.Base, change);
        return await WriteTargetingAsync(work, before, from.Targeting, "flag.promote", WebhookEventTypes.FlagUpdated, $"promoted from {change.From}", change);
    }

    private static async Task<ChangeResult> RollbackFlagAsync(ChangeWork work, RollbackFlag change)
    {
        var before = await FindInEnvironmentAsync(work, change.Environment, change.Flag, change.Base, change);
        var environment = work.Environment(change.Environment);
        if (change.ToVersion > environment.Version)
        {
            throw new ChangeRefusedException(WriteStatus.Invalid, string.Create(CultureInfo.InvariantCulture, $"is after the environment's current version {environment.Version}"), "toVersion");
        }

        var then = await ChangeLog.FindFlagAtAsync(work.Scope, environment.Id, change.Flag, change.ToVersion, work.CancellationToken);
        if (then is not { Operation: "upsert", Payload: { } payload })
        {
            throw new ChangeRefusedException(WriteStatus.Invalid, string.Create(CultureInfo.InvariantCulture, $"the flag did not exist in this environment at version {change.ToVersion}"), "toVersion");
        }

        var targeting = FlagTargeting.From(FlagJson.Read(payload));
        return await WriteTargetingAsync(work, before, targeting, "flag.rollback", WebhookEventTypes.FlagUpdated, string.Create(CultureInfo.InvariantCulture, $"rolled back to version {change.ToVersion}"), change);
    }

    /// <summary>A flag in one environment, checked against the change's base.</summary>
    private static async Task<EnvironmentFlagState> FindInEnvironmentAsync(ChangeWork work, string environmentKey, string flag, Precondition @base, Change change)
    {
        var environment = work.Environment(environmentKey);
        var state = await FlagStore.FindInEnvironmentAsync(work.Scope, environment, flag, work.CancellationToken)
            ?? throw Missing($"flag '{flag}' not found in environment '{environmentKey}' of project '{work.Project.Key}'", change);
        if (!@base.IsSatisfiedBy(state.ETag))
        {
            throw Stale($"flag '{flag}' in environment '{environmentKey}'", change);
        }

        return state;
    }

    /// <summary>Writes a flag's new targeting in one environment: a new version, audited, with its webhook event.</summary>
    private static async Task<ChangeResult> WriteTargetingAsync(ChangeWork work, EnvironmentFlagState before, FlagTargeting targeting, string action, string eventType, string? defaultComment, Change change)
    {
        var environment = work.Environment(before.EnvironmentKey);
        var target = await work.TouchAsync(environment);
        await FlagStore.UpsertTargetingAsync(work.Scope, environment.Id, before.Spec, targeting, before.TargetingRevision + 1, target.Version, work.CancellationToken);
        var after = before with { Targeting = targeting, TargetingRevision = before.TargetingRevision + 1, Version = target.Version };
        target.UpsertFlag(after.Flag, change);
        var beforeJson = FlagJson.ToElement(before.Flag);
        var afterJson = FlagJson.ToElement(after.Flag);
        var context = defaultComment is not null && work.Context.Comment is null ? work.Context with { Comment = defaultComment } : work.Context;
        await work.AuditAsync(new AuditRecord(action, work.Project.Key, environment.Key, $"projects/{work.Project.Key}/environments/{environment.Key}/flags/{before.Spec.Key}", beforeJson, afterJson), context);
        await WebhookOutbox.AppendAsync(work.Scope, context, new WebhookEvent(eventType, action, work.Project.Key, environment.Key, target.Version, "flag", before.Spec.Key, beforeJson, afterJson), work.CancellationToken);
        return new ChangeResult(change, ChangeEffect.Updated, after, []);
    }
}
