using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Changes;
using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>What the change recorder guarantees beyond single writes, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task CreateFlag_WhoseKeyDiffersOnlyInCase_IsAConflict_AndNamesTheOther()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        Assert.Equal(WriteStatus.Ok, (await store.CreateFlagAsync(project, Boolean("checkout"), Alice, ct)).Status);

        var clash = await store.CreateFlagAsync(project, Boolean("Checkout"), Alice, ct);

        Assert.Equal(WriteStatus.Conflict, clash.Status);
        Assert.Contains("'checkout'", clash.Detail, StringComparison.Ordinal);
        Assert.Contains("only in case", clash.Detail, StringComparison.Ordinal);
        Assert.Null(await store.Flags.GetAsync(project, "Checkout", ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task ArchiveThenRestore_TakesTheFlagOutOfEveryRuleset_AndBringsItBackWithItsTargeting()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("old"), Alice, ct);
        await store.ConfigureAsync(project, "production", "old", _ => On() with { Salt = "kept" }, Precondition.None, Alice, ct);
        var production = await store.EnvironmentIdAsync(project, "production", ct);

        var archived = await store.RecordAsync(project, new ArchiveFlag("old", true, Precondition.None), Alice, ct);
        var listed = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, null, 10), ct);
        var archivedList = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, null, 10, Archived: true), ct);
        var rulesetWhileArchived = (await store.Snapshots.GetAsync(production, ct))!;
        var configure = await store.ConfigureAsync(project, "production", "old", t => t, Precondition.None, Alice, ct);
        var restored = await store.RecordAsync(project, new ArchiveFlag("old", false, Precondition.None), Alice, ct);

        Assert.Equal(WriteStatus.Ok, archived.Status);
        Assert.Equal(new Dictionary<string, long> { ["development"] = 2, ["staging"] = 2, ["production"] = 3 }, archived.Versions);
        Assert.Empty(listed.Items);
        Assert.Equal(["old"], archivedList.Items.Select(f => f.Spec.Key));
        Assert.False(rulesetWhileArchived.Compiled.TryGetFlag("old", out _));
        Assert.Equal(WriteStatus.NotFound, configure.Status);
        Assert.Equal(WriteStatus.Ok, restored.Status);
        var back = (await store.Flags.GetInEnvironmentAsync(project, "production", "old", ct))!;
        Assert.Equal(("kept", true, 4L), (back.Targeting.Salt, back.Targeting.Enabled, back.Version));
        Assert.True((await store.Snapshots.GetAsync(production, ct))!.Compiled.TryGetFlag("old", out _));
        var actions = (await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct)).Select(a => a.Action).ToList();
        Assert.Contains("flag.archive", actions);
        Assert.Contains("flag.restore", actions);
    }

    [Fact(Timeout = 30_000)]
    public async Task ArchivingAFlagThatIsAPrerequisite_IsRefused_WithTheDependentNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("base"), Alice, ct);
        await store.CreateFlagAsync(project, Boolean("child"), Alice, ct);
        await store.ConfigureAsync(project, "staging", "child", _ => On() with { Prerequisites = [new Core.Model.PrerequisiteDefinition("base", "on")] }, Precondition.None, Alice, ct);

        var result = await store.RecordAsync(project, new ArchiveFlag("base", true, Precondition.None), Alice, ct);

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Message.Contains("child", StringComparison.Ordinal) && e.Message.Contains("staging", StringComparison.Ordinal));
        Assert.False((await store.Flags.GetAsync(project, "base", ct))!.Archived);
    }

    [Fact(Timeout = 30_000)]
    public async Task AuditRecord_KeepsTheStructuredDifference_AndWebhookTypesComeFromTheChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, ct);
        await store.ToggleAsync(project, "production", "f", true, Precondition.None, Alice, ct);
        await store.ConfigureAsync(project, "production", "f", t => t with { Salt = "s" }, Precondition.None, Alice, ct);

        var audit = await store.Audit.ListAsync(new AuditQuery(project, null, 10, Resource: $"projects/{project}/flags/f"), ct);
        var published = new List<WebhookOutboxEntry>();
        await store.Webhooks.DrainWebhookOutboxAsync(100, (entries, _) => { published.AddRange(entries); return Task.CompletedTask; }, ct);

        Assert.Equal(["flag.configure", "flag.on", "flag.create"], audit.Select(a => a.Action));
        Assert.Equal([new AuditChange("salt", null, "\"s\"")], audit[0].Changes);
        Assert.Equal([new AuditChange("enabled", "false", "true")], audit[1].Changes);
        Assert.Equal(
            ["flag.created", "flag.created", "flag.created", "flag.toggled", "flag.updated"],
            published.Select(e => e.EventType));
        using var data = JsonDocument.Parse(published[^1].Data);
        Assert.Equal("flag.configure", data.RootElement.GetProperty("action").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task DryRun_ValidatesLikeARealWrite_AndLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, ct);
        ChangeSet Set(FlagTargeting targeting) => ChangeSet.Of(project, new ConfigureFlag("production", "f", targeting, Precondition.None), Alice);

        var bad = await store.Recorder.DryRunAsync(Set(On("missing")), ct);
        var good = await store.Recorder.DryRunAsync(Set(On()), ct);

        Assert.Equal(WriteStatus.Invalid, bad.Status);
        Assert.Equal("fallthrough.variation", Assert.Single(bad.Errors).Path);
        Assert.Equal(WriteStatus.Ok, good.Status);
        Assert.Equal(2, good.Versions["production"]);
        Assert.False((await store.Flags.GetInEnvironmentAsync(project, "production", "f", ct))!.Targeting.Enabled);
        Assert.Equal(1, (await store.Environments.GetAsync(project, "production", ct))!.Version);
        Assert.Equal(1, (await store.Snapshots.GetAsync(await store.EnvironmentIdAsync(project, "production", ct), ct))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnotherReplicasSnapshots_CatchUpFromTheChangeLog_ChangeByChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var (writer, project) = await WithProjectAsync();
        var reader = await SecondReplicaAsync(writer);
        await writer.CreateFlagAsync(project, Boolean("a"), Alice, ct);
        var production = await writer.EnvironmentIdAsync(project, "production", ct);
        Assert.Equal(1, (await reader.Snapshots.GetAsync(production, ct))!.Version);
        var loads = reader.Snapshots.FullLoads;

        await writer.ToggleAsync(project, "production", "a", true, Precondition.None, Alice, ct);
        await writer.CreateSegmentAsync(project, "production", Segment("beta", "u1"), Alice, ct);
        await writer.ConfigureAsync(project, "production", "a", _ => WithSegmentRule("beta"), Precondition.None, Alice, ct);
        reader.Database.Tracker.Observe(production, 4); // what the other replica's LISTEN would have heard
        var caughtUp = (await reader.Snapshots.GetAsync(production, ct))!;
        var written = (await writer.Snapshots.GetAsync(production, ct))!;

        Assert.Equal(4, caughtUp.Version);
        Assert.Equal(loads, reader.Snapshots.FullLoads);
        Assert.Equal(3, reader.Snapshots.ReplayedVersions);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(written.Document), System.Text.Encoding.UTF8.GetString(caughtUp.Document));
    }
}
