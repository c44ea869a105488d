using System.Security.Cryptography;
using Vexil.Events.Webhooks;
using Vexil.Server.Changes;
using Vexil.Server.Environments;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Makes the environment's webhook named <see cref="WebhookData.Name"/> (its <see cref="WebhookData.Environment"/> is
/// the environment) match <see cref="Data"/>: created when there is none — with <see cref="Secret"/>, or a new secret
/// reported once (<see cref="AppliedWebhook.NewSecret"/>) — otherwise updated where it differs. An existing webhook
/// keeps its secret unless <see cref="Secret"/> is given and differs. Audited as the webhook API's writes are.
/// </summary>
internal sealed record PutWebhook(string Environment, WebhookData Data, string? Secret, WebhookSecretProtector Protector) : SettingChange(Environment)
{
    public override string Section => "webhooks";

    public override string Key => Data.Name!;

    public override async Task<ChangeResult> RecordAsync(ChangeWork work, EnvironmentState environment)
    {
        var data = Data with { Environment = environment.Key };
        var before = await WebhookStore.FindByNameAsync(work.Scope, work.Project.Id, work.Project.Key, environment.Key, Key, work.CancellationToken);
        if (before is null)
        {
            RequireAdministrator(work);
            var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var secret = Secret ?? StandardWebhookSignature.NewSecret();
            var created = await WebhookStore.InsertAsync(work.Scope, work.Project.Id, work.Project.Key, id, data, Protector.Protect(id, secret), SecretTokens.Hint(secret), work.Context, work.CancellationToken);
            return new ChangeResult(this, ChangeEffect.Created, new AppliedWebhook(created, Secret is null ? secret : null), []);
        }

        var fields = new List<string>();
        if (before.Data.Url != data.Url)
        {
            fields.Add("url");
        }

        if (!before.Data.Events.SequenceEqual(data.Events, StringComparer.Ordinal))
        {
            fields.Add("events");
        }

        if (before.Data.Description != data.Description)
        {
            fields.Add("description");
        }

        if (before.Data.Enabled != data.Enabled)
        {
            fields.Add("enabled");
        }

        var rotate = Secret is not null && Protector.Unprotect(before.Id, before.SecretCipher) != Secret;
        if (rotate)
        {
            fields.Add("secret");
        }

        if (fields.Count == 0)
        {
            return new ChangeResult(this, ChangeEffect.Unchanged, new AppliedWebhook(before, null), []);
        }

        RequireAdministrator(work);
        var after = before with { Data = data };
        if (rotate)
        {
            after = after with { SecretCipher = Protector.Protect(before.Id, Secret!), SecretHint = SecretTokens.Hint(Secret!) };
        }

        var updated = await WebhookStore.UpdateAsync(work.Scope, before, after, fields is ["secret"] ? "webhook.rotate-secret" : "webhook.update", work.Context, work.CancellationToken);
        return new ChangeResult(this, ChangeEffect.Updated, new AppliedWebhook(updated, null), fields);
    }
}
