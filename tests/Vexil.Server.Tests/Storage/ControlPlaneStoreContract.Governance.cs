using Vexil.Server.Audit;
using Vexil.Server.Changes;
using Vexil.Server.Governance;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Change policies, change requests and scheduled changes, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    private static readonly WriteContext Bob = new("user:bob", "req-2", null);
    private static readonly ChangePolicy OneReviewer = new(1, [Role.Editor, Role.Administrator], false);

    private async Task<(StoreHarness Store, string Project)> WithFlagAsync()
    {
        var (store, project) = await WithProjectAsync();
        Assert.Equal(WriteStatus.Ok, (await store.CreateFlagAsync(project, Boolean("checkout"), Alice, TestContext.Current.CancellationToken)).Status);
        return (store, project);
    }

    private static async Task SetPolicyAsync(StoreHarness store, string project, string environment, ChangePolicy? policy)
    {
        var state = (await store.Environments.GetAsync(project, environment, TestContext.Current.CancellationToken))!;
        Assert.Equal(WriteStatus.Ok, (await store.Policies.PutAsync(state, policy, Alice, TestContext.Current.CancellationToken)).Status);
    }

    private static async Task<bool> EnabledAsync(StoreHarness store, string project, string environment) =>
        (await store.Flags.GetInEnvironmentAsync(project, environment, "checkout", TestContext.Current.CancellationToken))!.Targeting.Enabled;

    private static Task<long> VersionAsync(StoreHarness store, string project, string environment) =>
        store.Environments.GetAsync(project, environment, TestContext.Current.CancellationToken).ContinueWith(t => t.Result!.Version, TaskScheduler.Default);

    [Fact(Timeout = 30_000)]
    public async Task Policy_HoldsWritesToItsEnvironment_AsChangeRequests_AndOnlyThere()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        await SetPolicyAsync(store, project, "production", OneReviewer);
        var before = await VersionAsync(store, project, "production");

        var held = await store.ToggleAsync(project, "production", "checkout", true, Precondition.None, Alice, ct);
        var staging = await store.ToggleAsync(project, "staging", "checkout", true, Precondition.None, Alice, ct);
        var import = await store.ImportAsync(project, "production", [Native("imported", On())], dryRun: false, Alice, ct);

        Assert.Equal(WriteStatus.Held, held.Status);
        Assert.StartsWith($"/api/v1/projects/{project}/change-requests/", held.Location, StringComparison.Ordinal);
        Assert.Equal(WriteStatus.Ok, staging.Status);
        Assert.Equal(WriteStatus.Held, import.Status);
        Assert.False(await EnabledAsync(store, project, "production"));
        Assert.Equal(before, await VersionAsync(store, project, "production"));
        Assert.Null(await store.Flags.GetAsync(project, "imported", ct));

        var requests = await store.ChangeRequestStore.ListAsync(project, ChangeRequestStatus.Open, "production", null, 10, ct);
        Assert.Equal(2, requests.Count);
        var toggle = Assert.Single(await store.ChangeRequestStore.ListAsync(project, null, null, "checkout", 10, ct));
        Assert.Equal(("Turn on flag 'checkout' in production", "because", "user:alice", "api"), (toggle.Title, toggle.Description, toggle.Author, toggle.Origin));
        Assert.Equal(["production"], toggle.Environments);
        var @base = Assert.Single(toggle.Bases());
        Assert.Equal((ChangeBaseKind.Targeting, "production", "checkout"), (@base.Kind, @base.Environment, @base.Key));
        Assert.Contains("\"path\":\"enabled\"", toggle.DiffJson, StringComparison.Ordinal);
        var audit = await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct);
        Assert.Equal(2, audit.Count(a => a.Action == "changeRequest.created"));
        Assert.Contains(audit, a => a.Action == "policy.updated" && a.Environment == "production");
        var events = new List<Vexil.Server.Webhooks.WebhookOutboxEntry>();
        while (await store.Webhooks.DrainWebhookOutboxAsync(100, (batch, _) => { events.AddRange(batch); return Task.CompletedTask; }, ct) > 0)
        {
        }

        Assert.Equal(2, events.Count(e => e.EventType == "changeRequest.created"));
        Assert.Contains(events, e => e.EventType == "policy.updated" && e.Environment == "production" && e.Data.Contains("\"policy\":\"production\"", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.EventType == "flag.toggled" && e.Environment == "production");
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangeRequest_ApprovedByAnotherReviewer_AppliesOnce_ThroughTheRecorder()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        await SetPolicyAsync(store, project, "production", OneReviewer);
        var held = await store.ToggleAsync(project, "production", "checkout", true, Precondition.None, Alice, ct);
        var id = ((ChangeRequestResponse)held.Proposal!).Id;
        var requests = store.ChangeRequests;

        var self = await requests.ApproveAsync(project, id, new Reviewer(Alice, Role.Administrator), null, ct);
        var viewer = await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Viewer), null, ct);
        var early = (await requests.ApplyAsync(project, id, Bob, ct)).Result;
        var approved = await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), "ship it", ct);
        var applied = (await requests.ApplyAsync(project, id, Bob, ct)).Result;
        var again = (await requests.ApplyAsync(project, id, Bob, ct)).Result;

        Assert.Equal(WriteStatus.Forbidden, self.Status);
        Assert.Equal(WriteStatus.Forbidden, viewer.Status);
        Assert.Equal(WriteStatus.Conflict, early.Status);
        Assert.Equal(ChangeRequestStatus.Approved, approved.Value!.Status);
        Assert.Equal(WriteStatus.Ok, applied.Status);
        Assert.Equal((ChangeRequestStatus.Applied, "user:bob"), (applied.Value!.Status, applied.Value.AppliedBy));
        Assert.Equal(WriteStatus.Conflict, again.Status);
        Assert.True(await EnabledAsync(store, project, "production"));
        var toggle = Assert.Single(await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct), a => a.Action == "flag.on" && a.Environment == "production");
        Assert.Equal("user:bob", toggle.Actor);
        Assert.StartsWith($"Change request {id}:", toggle.Comment, StringComparison.Ordinal);
        var reviews = await store.ChangeRequestStore.ReviewsAsync(id, ct);
        Assert.Equal([("user:bob", ChangeRequestReview.Approval, "ship it")], reviews.Select(r => (r.Actor, r.Kind, r.Body)));
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangeRequest_WhoseFlagMoved_ConflictsNamingIt_AndRebaseProposesItAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        var requests = store.ChangeRequests;
        var opened = await requests.OpenAsync(project, [new ToggleFlag("production", "checkout", true, Precondition.None)], "Launch", null, Alice, ct);
        var id = opened.Value!.Id;
        Assert.Equal(WriteStatus.Ok, (await store.ConfigureAsync(project, "production", "checkout", _ => On("off") with { Enabled = false }, Precondition.None, Bob, ct)).Status);
        await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), null, ct);
        var versionBefore = await VersionAsync(store, project, "production");

        var (conflicted, conflicts) = await requests.ApplyAsync(project, id, Bob, ct);

        Assert.Equal(WriteStatus.Conflict, conflicted.Status);
        var conflict = Assert.Single(conflicts);
        Assert.Equal("flag 'checkout' in production", conflict.Base.Describe());
        Assert.NotEqual(conflict.Base.ETag, conflict.Now.ETag);
        Assert.Contains("flag 'checkout' in production", conflicted.Detail, StringComparison.Ordinal);
        Assert.Equal(versionBefore, await VersionAsync(store, project, "production"));
        Assert.False(await EnabledAsync(store, project, "production"));

        var rebased = await requests.RebaseAsync(project, id, Alice, ct);
        Assert.Equal((ChangeRequestStatus.Open, 2L), (rebased.Value!.Status, rebased.Value.Revision));
        Assert.Equal(WriteStatus.Conflict, (await requests.ApplyAsync(project, id, Bob, ct)).Result.Status); // its approval was for revision 1
        await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), null, ct);
        Assert.Equal(WriteStatus.Ok, (await requests.ApplyAsync(project, id, Bob, ct)).Result.Status);
        Assert.True(await EnabledAsync(store, project, "production"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangeRequest_RejectEditWithdrawComment_AreTheirAuthorsAndReviewers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        var requests = store.ChangeRequests;
        var id = (await requests.OpenAsync(project, [new ToggleFlag("production", "checkout", true, Precondition.None)], "Launch", "first", Alice, ct)).Value!.Id;

        Assert.Equal(ChangeRequestStatus.Rejected, (await requests.RejectAsync(project, id, new Reviewer(Bob, Role.Editor), "not yet", ct)).Value!.Status);
        Assert.Equal(WriteStatus.Conflict, (await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), null, ct)).Status);
        Assert.Equal(WriteStatus.Forbidden, (await requests.EditAsync(project, id, "mine", null, null, Bob, ct)).Status);
        var retitled = await requests.EditAsync(project, id, "Launch checkout", null, null, Alice, ct);
        Assert.Equal(("Launch checkout", "first", 1L, ChangeRequestStatus.Rejected), (retitled.Value!.Title, retitled.Value.Description, retitled.Value.Revision, retitled.Value.Status));
        var edited = await requests.EditAsync(project, id, null, null, [new ToggleFlag("staging", "checkout", true, Precondition.None)], Alice, ct);
        Assert.Equal((ChangeRequestStatus.Open, 2L), (edited.Value!.Status, edited.Value.Revision));
        Assert.Equal(["staging"], edited.Value.Environments);
        var invalid = await requests.EditAsync(project, id, null, null, [new ToggleFlag("nowhere", "checkout", true, Precondition.None)], Alice, ct);
        Assert.Equal(WriteStatus.NotFound, invalid.Status);
        Assert.Equal(WriteStatus.Ok, (await requests.CommentAsync(project, id, Bob, "looks fine", ct)).Status);
        Assert.Equal(WriteStatus.Forbidden, (await requests.WithdrawAsync(project, id, Bob, ct)).Status);
        Assert.Equal(ChangeRequestStatus.Withdrawn, (await requests.WithdrawAsync(project, id, Alice, ct)).Value!.Status);
        Assert.Equal(WriteStatus.Conflict, (await requests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), null, ct)).Status);
        Assert.Equal(WriteStatus.NotFound, (await requests.WithdrawAsync("other", id, Alice, ct)).Status);

        var actions = (await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct)).Select(a => a.Action).Where(a => a.StartsWith("changeRequest.", StringComparison.Ordinal)).Reverse();
        Assert.Equal(["changeRequest.created", "changeRequest.rejected", "changeRequest.updated", "changeRequest.updated", "changeRequest.commented", "changeRequest.withdrawn"], actions);
        Assert.False(await EnabledAsync(store, project, "staging"));
    }
}
