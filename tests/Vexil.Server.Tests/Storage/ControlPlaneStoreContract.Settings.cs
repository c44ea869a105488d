using System.Security.Cryptography;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Governance;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>An environment's settings recorded as typed changes with its flags, in one transaction, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    private static readonly WebhookSecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact(Timeout = 30_000)]
    public async Task SettingChanges_AreRecordedWithTheFlags_AndRolledBackWithThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        var orders = new WebhookData("https://hooks.example.com/orders", ["flag.*"], "production", null, "orders");
        var first = new ChangeSet(
            project,
            [
                new CreateFlag(Boolean("checkout")),
                new PutWebhook("production", orders, null, Protector),
                new PutWebhook("staging", orders with { Environment = "staging" }, null, Protector), // a name is unique per environment
                new PutChangePolicy("production", OneReviewer),
                new PutEnvironmentPermissions("production", new EnvironmentPermissions(AccessLevel.Propose, AccessLevel.Write)),
            ],
            Alice,
            ChangeOrigin.Apply);

        var recorded = await store.Recorder.RecordAsync(first, ct);

        Assert.Equal(WriteStatus.Ok, recorded.Status);
        Assert.Equal([ChangeEffect.Created, ChangeEffect.Created, ChangeEffect.Created, ChangeEffect.Created, ChangeEffect.Created], recorded.Value!.Results.Select(r => r.Effect));
        var hooks = await store.Webhooks.ListWebhooksAsync(project, ct);
        Assert.Equal(["orders", "orders"], hooks.Select(h => h.Data.Name));
        var production = (await store.Environments.GetAsync(project, "production", ct))!;
        Assert.Equal(OneReviewer.RequiredApprovals, (await store.Policies.GetAsync(production.Id, ct))!.RequiredApprovals);

        // The second set moves the webhook, then names a client key that does not exist: all of it is rolled back.
        var second = new ChangeSet(
            project,
            [
                new PutWebhook("production", orders with { Url = "https://hooks.example.com/elsewhere" }, null, Protector),
                new PutChangePolicy("production", null),
                new PutClientKeyOrigins("production", "web", ["https://shop.example.com"]) { Path = "settings.clientKeys[0]" },
            ],
            Alice,
            ChangeOrigin.Apply);

        var refused = await store.Recorder.RecordAsync(second, ct);

        Assert.Equal(WriteStatus.Invalid, refused.Status);
        Assert.Equal("settings.clientKeys[0].name", Assert.Single(refused.Errors).Path);
        Assert.All(await store.Webhooks.ListWebhooksAsync(project, ct), h => Assert.Equal(orders.Url, h.Data.Url));
        Assert.NotNull(await store.Policies.GetAsync(production.Id, ct));

        // Applying the first set's settings again changes nothing and writes no audit record.
        var audited = (await store.Audit.ListAsync(new Vexil.Server.Audit.AuditQuery(project, null, 100), ct)).Count;
        var again = await store.Recorder.RecordAsync(first with { Changes = first.Changes.Skip(1).ToList() }, ct);
        Assert.Equal(WriteStatus.Ok, again.Status);
        Assert.All(again.Value!.Results, r => Assert.Equal(ChangeEffect.Unchanged, r.Effect));
        Assert.Equal(audited, (await store.Audit.ListAsync(new Vexil.Server.Audit.AuditQuery(project, null, 100), ct)).Count);
    }
}
