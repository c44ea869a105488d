using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Governance;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// A flags file as one change set — segments first (so flags can use them), then flags, then the settings and webhooks
/// of the sections the file has — and what recording it did.
/// </summary>
internal static class ApplyChanges
{
    public static ChangeSet For(string project, string environment, FlagsFile file, WebhookSecretProtector protector, WriteContext context)
    {
        var changes = new List<Change>(file.Flags.Count + file.Segments.Count);
        for (var i = 0; i < file.Segments.Count; i++)
        {
            changes.Add(new PutSegment(environment, file.Segments[i]) { Path = $"segments[{i}]" });
        }

        for (var i = 0; i < file.Flags.Count; i++)
        {
            var flag = file.Flags[i];
            var targeting = new Dictionary<string, Flags.FlagTargeting>(StringComparer.Ordinal) { [environment] = flag.Targeting };
            changes.Add(new PutFlag(flag.Spec, targeting, KeepName: false) { Path = $"flags[{i}]" });
        }

        if (file.Settings is { } settings)
        {
            if (settings.HasChangePolicy)
            {
                changes.Add(new PutChangePolicy(environment, settings.ChangePolicy) { Path = "settings.changePolicy" });
            }

            if (settings.HasPermissions)
            {
                changes.Add(new PutEnvironmentPermissions(environment, settings.Permissions) { Path = "settings.permissions" });
            }

            for (var i = 0; settings.ClientKeys is { } keys && i < keys.Count; i++)
            {
                changes.Add(new PutClientKeyOrigins(environment, keys[i].Name, keys[i].AllowedOrigins) { Path = $"settings.clientKeys[{i}]" });
            }
        }

        for (var i = 0; file.Webhooks is { } webhooks && i < webhooks.Count; i++)
        {
            var webhook = webhooks[i];
            var data = new WebhookData(webhook.Url!, [.. webhook.Events!.Distinct(StringComparer.Ordinal)!], environment, webhook.Description, webhook.Name, webhook.Enabled);
            changes.Add(new PutWebhook(environment, data, webhook.Secret, protector) { Path = $"webhooks[{i}]" });
        }

        return new ChangeSet(project, changes, context.Comment is null ? context with { Comment = "flags as code (apply)" } : context, ChangeOrigin.Apply);
    }

    public static ApplyResponse Summarize(ChangeOutcome outcome, bool dryRun, string environment, IReadOnlyDictionary<string, long> versions, long currentVersion)
    {
        var flags = new List<ApplyItem>();
        var segments = new List<ApplyItem>();
        var webhooks = new List<ApplyWebhookItem>();
        var settings = new List<ApplySettingItem>();
        foreach (var result in outcome.Results)
        {
            var change = result.Effect switch
            {
                ChangeEffect.Created => "create",
                ChangeEffect.Updated => "update",
                ChangeEffect.Deleted => "remove",
                _ => "unchanged",
            };
            switch (result.Change)
            {
                case PutFlag put:
                    flags.Add(new ApplyItem(put.Spec.Key, change, result.Fields));
                    break;
                case PutSegment put:
                    segments.Add(new ApplyItem(put.Segment.Key, change, result.Fields));
                    break;
                case PutWebhook put when result.State is AppliedWebhook applied:
                    // A dry run created nothing: neither its id nor its secret exists.
                    webhooks.Add(new ApplyWebhookItem(put.Key, change, result.Fields, dryRun && result.Effect == ChangeEffect.Created ? null : applied.State.Id, dryRun ? null : applied.NewSecret));
                    break;
                case PutClientKeyOrigins put:
                    settings.Add(new ApplySettingItem(put.Section, put.Name, change, result.Fields));
                    break;
                case SettingChange put:
                    settings.Add(new ApplySettingItem(put.Section, null, change, result.Fields));
                    break;
            }
        }

        return new ApplyResponse(dryRun, environment, versions.TryGetValue(environment, out var version) ? version : currentVersion, flags, segments, versions, webhooks, settings);
    }
}
