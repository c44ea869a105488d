using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Webhook subscriptions, the webhook outbox and flags' expected lifetime, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    private static readonly WebhookData Hook = new("https://hooks.example.com/a", ["flag.*"], "production", "ops");

    [Fact(Timeout = 30_000)]
    public async Task Webhooks_CreateUpdateRotateDelete_WithETagsAndAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();

        var created = await store.Webhooks.CreateWebhookAsync(project, "wh_1", Hook, "v1.sealed", "vx_whsec_ab…", Alice, ct);
        Assert.Equal(WriteStatus.Ok, created.Status);
        Assert.Equal(WriteStatus.NotFound, (await store.Webhooks.CreateWebhookAsync("no-such-project", "wh_2", Hook, "v1.x", "h", Alice, ct)).Status);
        var read = (await store.Webhooks.GetWebhookAsync(project, "wh_1", ct))!;
        Assert.Equal((Hook.Url, "production", "ops", "v1.sealed", 1L), (read.Data.Url, read.Data.Environment, read.Data.Description, read.SecretCipher, read.Revision));
        Assert.Equal(["flag.*"], read.Data.Events);
        Assert.Equal((read.ProjectKey, read.ETag), (await store.Webhooks.FindWebhookAsync("wh_1", ct)) is { } found ? (found.ProjectKey, found.ETag) : default);
        Assert.Null(await store.Webhooks.GetWebhookAsync("other", "wh_1", ct));

        var changed = Hook with { Url = "http://hooks.example.com/b", Events = ["*"], Environment = null };
        Assert.Equal(WriteStatus.PreconditionFailed, (await store.Webhooks.UpdateWebhookAsync(project, "wh_1", changed, null, new Precondition("\"w9\""), Alice, ct)).Status);
        Assert.True(read.Data.Enabled);
        var updated = await store.Webhooks.UpdateWebhookAsync(project, "wh_1", changed, false, new Precondition(read.ETag), Alice, ct);
        Assert.Equal(WriteStatus.Ok, updated.Status);
        Assert.Equal(("v1.sealed", 2L, (string?)null), (updated.Value!.SecretCipher, updated.Value.Revision, updated.Value.Data.Environment));
        Assert.False((await store.Webhooks.GetWebhookAsync(project, "wh_1", ct))!.Data.Enabled);
        Assert.False((await store.Webhooks.FindWebhookAsync("wh_1", ct))!.Data.Enabled);

        var rotated = await store.Webhooks.RotateWebhookSecretAsync(project, "wh_1", "v1.other", "vx_whsec_cd…", null, Alice, ct);
        Assert.Equal(("v1.other", "vx_whsec_cd…", 3L, false), (rotated.Value!.SecretCipher, rotated.Value.SecretHint, rotated.Value.Revision, rotated.Value.Data.Enabled));
        Assert.Equal(WriteStatus.PreconditionFailed, (await store.Webhooks.RotateWebhookSecretAsync(project, "wh_1", "v1.x", "h", new Precondition(read.ETag), Alice, ct)).Status);
        Assert.Single(await store.Webhooks.ListWebhooksAsync(project, ct));

        Assert.Equal(WriteStatus.PreconditionFailed, (await store.Webhooks.DeleteWebhookAsync(project, "wh_1", new Precondition(read.ETag), Alice, ct)).Status);
        Assert.Equal(WriteStatus.Ok, (await store.Webhooks.DeleteWebhookAsync(project, "wh_1", new Precondition(rotated.Value.ETag), Alice, ct)).Status);
        Assert.Empty(await store.Webhooks.ListWebhooksAsync(project, ct));
        Assert.Null(await store.Webhooks.FindWebhookAsync("wh_1", ct));

        var audit = await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct);
        Assert.Equal(["webhook.create", "webhook.update", "webhook.rotate-secret", "webhook.delete"], audit.Where(a => a.Action.StartsWith("webhook.", StringComparison.Ordinal)).Reverse().Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain("v1.", a.After?.GetRawText() ?? string.Empty, StringComparison.Ordinal));
        var update = Assert.Single(audit, a => a.Action == "webhook.update");
        Assert.Equal((true, false), (update.Before!.Value.GetProperty("enabled").GetBoolean(), update.After!.Value.GetProperty("enabled").GetBoolean()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Outbox_HoldsOneEventPerCommittedChangeAndEnvironment_UntilPublished()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, ct);
        var read = (await store.Flags.GetInEnvironmentAsync(project, "production", "f", ct))!;
        await store.ToggleAsync(project, "production", "f", true, new Precondition(read.ETag), Alice, ct);
        Assert.Equal(WriteStatus.PreconditionFailed, (await store.ToggleAsync(project, "production", "f", false, new Precondition(read.ETag), Alice, ct)).Status);
        await store.CreateSegmentAsync(project, "staging", Segment("beta", "u1"), Alice, ct);
        await store.Webhooks.CreateWebhookAsync(project, "wh_1", Hook, "v1.x", "h", Alice, ct); // not a flag or segment change

        // A publisher that fails leaves every event in place.
        var handed = new List<WebhookOutboxEntry>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Webhooks.DrainWebhookOutboxAsync(100, (entries, _) =>
        {
            handed.AddRange(entries);
            throw new InvalidOperationException("bus down");
        }, ct));
        Assert.Equal(5, handed.Count);

        var published = new List<WebhookOutboxEntry>();
        Assert.Equal(3, await store.Webhooks.DrainWebhookOutboxAsync(3, (entries, _) => { published.AddRange(entries); return Task.CompletedTask; }, ct));
        Assert.Equal(2, await store.Webhooks.DrainWebhookOutboxAsync(100, (entries, _) => { published.AddRange(entries); return Task.CompletedTask; }, ct));
        Assert.Equal(0, await store.Webhooks.DrainWebhookOutboxAsync(100, (_, _) => throw new InvalidOperationException("nothing to publish"), ct));

        Assert.Equal(handed.Select(e => e.EventId), published.Select(e => e.EventId));
        Assert.Equal(5, published.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(["development", "production", "staging"], published.Where(e => e.EventType == "flag.created").Select(e => e.Environment).Order());
        var toggled = Assert.Single(published, e => e.EventType == "flag.toggled");
        Assert.Equal((project, "production"), (toggled.Project, toggled.Environment));
        using var data = JsonDocument.Parse(toggled.Data);
        var root = data.RootElement;
        Assert.Equal(("f", 2L, "user:alice", "because"), (root.GetProperty("flag").GetString(), root.GetProperty("version").GetInt64(), root.GetProperty("actor").GetString(), root.GetProperty("comment").GetString()));
        Assert.False(root.GetProperty("before").GetProperty("enabled").GetBoolean());
        Assert.True(root.GetProperty("after").GetProperty("enabled").GetBoolean());
        var segment = Assert.Single(published, e => e.EventType == "segment.created");
        Assert.Equal("staging", segment.Environment);
    }

    [Fact(Timeout = 30_000)]
    public async Task Flags_KeepTheirExpectedLifetime()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("release") with { ExpectedLifetimeDays = 30 }, Alice, ct);
        await store.CreateFlagAsync(project, Boolean("switch") with { Lifetime = Core.Model.FlagLifetime.Permanent }, Alice, ct);

        Assert.Equal(30, (await store.Flags.GetAsync(project, "release", ct))!.Spec.ExpectedLifetimeDays);
        Assert.Null((await store.Flags.GetAsync(project, "switch", ct))!.Spec.ExpectedLifetimeDays);
        var before = (await store.Flags.GetAsync(project, "release", ct))!;
        await store.UpdateFlagAsync(project, before.Spec with { ExpectedLifetimeDays = 90 }, new Precondition(before.ETag), Alice, ct);
        var page = await store.Flags.ListAsync(project, new Vexil.Server.Flags.FlagQuery(null, null, null, null, null, 10), ct);
        Assert.Equal(90, page.Items.Single(f => f.Spec.Key == "release").Spec.ExpectedLifetimeDays);
        Assert.Equal(90, (await store.Flags.GetInEnvironmentAsync(project, "production", "release", ct))!.Spec.ExpectedLifetimeDays);
    }
}
