using Vexil.Server.Audit;
using Vexil.Server.Changes;
using Vexil.Server.Governance;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Scheduled changes on every store: due times on a fake clock, missed runs, edits, and two replicas racing.</summary>
public abstract partial class ControlPlaneStoreContract
{
    private static readonly Change TurnOn = new ToggleFlag("production", "checkout", true, Precondition.None);

    [Fact(Timeout = 30_000)]
    public async Task Schedule_AppliesAtItsTime_Once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        var created = await store.Schedules.CreateAsync(project, [TurnOn], null, null, Time.GetUtcNow().AddHours(1), ScheduleStatus.MissedApply, Alice, ct);
        Assert.Equal(WriteStatus.Ok, created.Status);

        Assert.Equal(0, await store.Schedules.RunDueAsync(ct));
        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await store.Schedules.RunDueAsync(ct));
        Assert.False(await EnabledAsync(store, project, "production"));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await store.Schedules.RunDueAsync(ct));
        Assert.Equal(0, await store.Schedules.RunDueAsync(ct));

        Assert.True(await EnabledAsync(store, project, "production"));
        var done = (await store.ScheduleStore.GetAsync(project, created.Value!.Id, ct))!;
        Assert.Equal((ScheduleStatus.Applied, false), (done.Status, done.Late));
        Assert.Equal(["production"], done.Environments);
        Assert.Single(await store.ScheduleStore.ListAsync(project, null, null, "checkout", 10, ct));
        Assert.Empty(await store.ScheduleStore.ListAsync(project, null, "staging", null, 10, ct));
        var audit = await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct);
        Assert.Single(audit, a => a.Action == "schedule.applied");
        var toggle = Assert.Single(audit, a => a.Action == "flag.on");
        Assert.Equal("user:alice", toggle.Actor);
        Assert.StartsWith($"Schedule {done.Id}:", toggle.Comment, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Schedule_MissedWhileEveryReplicaWasDown_IsAppliedLateOrSkipped_AsChosen()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        var skip = await store.Schedules.CreateAsync(project, [new ToggleFlag("staging", "checkout", true, Precondition.None)], null, "skip me", Time.GetUtcNow().AddMinutes(5), ScheduleStatus.MissedSkip, Alice, ct);
        var late = await store.Schedules.CreateAsync(project, [TurnOn], null, "late", Time.GetUtcNow().AddMinutes(5), ScheduleStatus.MissedApply, Alice, ct);

        Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(2, await store.Schedules.RunDueAsync(ct));

        var skipped = (await store.ScheduleStore.GetAsync(project, skip.Value!.Id, ct))!;
        var applied = (await store.ScheduleStore.GetAsync(project, late.Value!.Id, ct))!;
        Assert.Equal((ScheduleStatus.Skipped, true), (skipped.Status, skipped.Late));
        Assert.Equal((ScheduleStatus.Applied, true), (applied.Status, applied.Late));
        Assert.False(await EnabledAsync(store, project, "staging"));
        Assert.True(await EnabledAsync(store, project, "production"));
        Assert.Contains("(late)", Assert.Single(await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct), a => a.Action == "flag.on").Comment, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Schedule_EditedOrCancelledBeforeItRuns_AndAFailingOneIsMarkedFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        var at = Time.GetUtcNow().AddHours(1);
        var cancelled = (await store.Schedules.CreateAsync(project, [TurnOn], null, null, at, ScheduleStatus.MissedApply, Alice, ct)).Value!;
        var moved = (await store.Schedules.CreateAsync(project, [TurnOn], null, null, at, ScheduleStatus.MissedApply, Alice, ct)).Value!;
        var failing = (await store.Schedules.CreateAsync(project, [new ToggleFlag("staging", "checkout", true, Precondition.None)], null, null, at, ScheduleStatus.MissedApply, Alice, ct)).Value!;

        Assert.Equal(ScheduleStatus.Cancelled, (await store.Schedules.CancelAsync(project, cancelled.Id, Bob, ct)).Value!.Status);
        Assert.Equal(WriteStatus.Conflict, (await store.Schedules.CancelAsync(project, cancelled.Id, Bob, ct)).Status);
        Assert.Equal(2L, (await store.Schedules.EditAsync(project, moved.Id, null, at.AddHours(1), null, null, Bob, ct)).Value!.Revision);
        Assert.Equal(WriteStatus.Ok, (await store.DeleteFlagAsync(project, "checkout", Precondition.None, Alice, ct)).Status);
        await store.CreateFlagAsync(project, Boolean("other"), Alice, ct);

        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await store.Schedules.RunDueAsync(ct));

        var failed = (await store.ScheduleStore.GetAsync(project, failing.Id, ct))!;
        Assert.Equal(ScheduleStatus.Failed, failed.Status);
        Assert.Contains("checkout", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(ScheduleStatus.Pending, (await store.ScheduleStore.GetAsync(project, moved.Id, ct))!.Status);
        Assert.Equal(ScheduleStatus.Cancelled, (await store.ScheduleStore.GetAsync(project, cancelled.Id, ct))!.Status);
        Assert.Single(await store.Audit.ListAsync(new AuditQuery(project, null, 80), ct), a => a.Action == "schedule.failed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Schedule_UnderAPolicy_TakesAnApprovedChangeRequest_NotARawChangeSet()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithFlagAsync();
        await SetPolicyAsync(store, project, "production", OneReviewer);
        var at = Time.GetUtcNow().AddHours(1);

        var raw = await store.Schedules.CreateAsync(project, [TurnOn], null, null, at, ScheduleStatus.MissedApply, Alice, ct);
        var id = ((ChangeRequestResponse)(await store.ToggleAsync(project, "production", "checkout", true, Precondition.None, Alice, ct)).Proposal!).Id;
        var unapproved = await store.Schedules.CreateAsync(project, null, id, null, at, ScheduleStatus.MissedApply, Alice, ct);
        await store.ChangeRequests.ApproveAsync(project, id, new Reviewer(Bob, Role.Editor), null, ct);
        var scheduled = await store.Schedules.CreateAsync(project, null, id, null, at, ScheduleStatus.MissedApply, Alice, ct);

        Assert.Equal(WriteStatus.Held, raw.Status);
        Assert.Equal(WriteStatus.Conflict, unapproved.Status);
        Assert.Equal(WriteStatus.Ok, scheduled.Status);
        Assert.Equal("Turn on flag 'checkout' in production", scheduled.Value!.Title);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await store.Schedules.RunDueAsync(ct));
        Assert.True(await EnabledAsync(store, project, "production"));
        Assert.Equal(ChangeRequestStatus.Applied, (await store.ChangeRequestStore.GetAsync(project, id, ct))!.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Schedule_TwoReplicasRunningTheSameDueSchedule_ApplyItOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, project) = await WithFlagAsync();
        var second = await SecondReplicaAsync(first);
        for (var i = 0; i < 5; i++)
        {
            await first.Schedules.CreateAsync(project, [new ToggleFlag("production", "checkout", i % 2 == 0, Precondition.None)], null, $"step {i}", Time.GetUtcNow().AddMinutes(1).AddSeconds(i), ScheduleStatus.MissedApply, Alice, ct);
        }

        var before = await VersionAsync(first, project, "production");
        Time.Advance(TimeSpan.FromMinutes(2));
        var runs = await Task.WhenAll(first.Schedules.RunDueAsync(ct), second.Schedules.RunDueAsync(ct), first.Schedules.RunDueAsync(ct), second.Schedules.RunDueAsync(ct));

        Assert.Equal(5, runs.Sum());
        Assert.Equal(before + 5, await VersionAsync(first, project, "production"));
        Assert.All(await first.ScheduleStore.ListAsync(project, null, null, null, 10, ct), s => Assert.Equal(ScheduleStatus.Applied, s.Status));
        Assert.Equal(5, (await first.Audit.ListAsync(new AuditQuery(project, null, 100), ct)).Count(a => a.Action == "schedule.applied"));
    }
}
