using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>The behaviour every store must have; SQLite and PostgreSQL each run it against a real database.</summary>
public abstract partial class ControlPlaneStoreContract
{
    private protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private protected abstract Task<StoreHarness> CreateStoreAsync();

    /// <summary>A second replica: its own stores, snapshots and version tracker over the same database.</summary>
    private protected abstract Task<StoreHarness> SecondReplicaAsync(StoreHarness first);

    private async Task<(StoreHarness Store, string Project)> WithProjectAsync()
    {
        var store = await CreateStoreAsync();
        var project = "p" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(WriteStatus.Ok, (await store.CreateProjectAsync(project, "Project", Alice, TestContext.Current.CancellationToken)).Status);
        return (store, project);
    }

    [Fact(Timeout = 30_000)]
    public async Task CreateProject_GetsDevelopmentStagingAndProductionAtVersionZero()
    {
        var (store, project) = await WithProjectAsync();

        var environments = await store.Environments.ListAsync(project, TestContext.Current.CancellationToken);

        Assert.Equal(["development", "staging", "production"], environments.Select(e => e.Key));
        Assert.All(environments, e => Assert.Equal(0, e.Version));
        Assert.Equal(WriteStatus.Conflict, (await store.CreateProjectAsync(project, "again", Alice, TestContext.Current.CancellationToken)).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task CreateFlag_GivesEveryEnvironmentItsNextVersion_WithChangeLogAndAudit()
    {
        var (store, project) = await WithProjectAsync();

        var result = await store.CreateFlagAsync(project, Boolean("checkout"), Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Ok, result.Status);
        Assert.Equal(new Dictionary<string, long> { ["development"] = 1, ["staging"] = 1, ["production"] = 1 }, result.Versions);
        var production = (await store.Environments.GetAsync(project, "production", TestContext.Current.CancellationToken))!;
        var changes = await store.ChangeLog.ReadAsync(production.Id, 0, 100, TestContext.Current.CancellationToken);
        var change = Assert.Single(changes);
        Assert.Equal((1L, "flag", "checkout", "upsert"), (change.Version, change.Kind, change.Key, change.Operation));
        var audit = Assert.Single(await store.Audit.ListAsync(new AuditQuery(project, null, 10), TestContext.Current.CancellationToken), a => a.Action == "flag.create");
        Assert.Equal(("user:alice", "req-1", "because"), (audit.Actor, audit.RequestId, audit.Comment));
        Assert.Null(audit.Before);
        Assert.Equal("checkout", audit.After!.Value.GetProperty("key").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task GetFlagChangeAt_ReturnsTheFlagAsItWasAtEachVersion()
    {
        var (store, project) = await WithProjectAsync();
        var ct = TestContext.Current.CancellationToken;
        await store.CreateFlagAsync(project, Boolean("other"), Alice, ct); // version 1
        await store.CreateFlagAsync(project, Boolean("checkout"), Alice, ct); // 2
        await store.ConfigureAsync(project, "production", "checkout", _ => On("off"), Precondition.None, Alice, ct); // 3
        await store.ConfigureAsync(project, "production", "other", _ => On("off"), Precondition.None, Alice, ct); // 4
        await store.ConfigureAsync(project, "production", "checkout", _ => On("on"), Precondition.None, Alice, ct); // 5
        await store.DeleteFlagAsync(project, "checkout", Precondition.None, Alice, ct); // 6
        var production = (await store.Environments.GetAsync(project, "production", ct))!;

        Assert.Equal(6, production.Version);
        Assert.Null(await store.ChangeLog.FindFlagAtAsync(production.Id, "checkout", 1, ct));
        Assert.Equal((2L, "upsert"), await AtAsync(2));
        Assert.Equal((3L, "upsert"), await AtAsync(4));
        Assert.Equal("off", (await store.ChangeLog.FindFlagAtAsync(production.Id, "checkout", 4, ct))!.Payload!.Value.GetProperty("fallthrough").GetProperty("variation").GetString());
        Assert.Equal("on", (await store.ChangeLog.FindFlagAtAsync(production.Id, "checkout", 5, ct))!.Payload!.Value.GetProperty("fallthrough").GetProperty("variation").GetString());
        Assert.Equal((6L, "delete"), await AtAsync(6));
        Assert.Equal((6L, "delete"), await AtAsync(100));

        async Task<(long, string)> AtAsync(long version)
        {
            var change = (await store.ChangeLog.FindFlagAtAsync(production.Id, "checkout", version, ct))!;
            return (change.Version, change.Operation);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task UpdateFlagConfig_WithStaleETag_FailsAndChangesNothing()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, TestContext.Current.CancellationToken);
        var read = (await store.Flags.GetInEnvironmentAsync(project, "production", "f", TestContext.Current.CancellationToken))!;
        var first = await store.ConfigureAsync(project, "production", "f", _ => On(), new Precondition(read.ETag), Alice, TestContext.Current.CancellationToken);
        Assert.Equal(WriteStatus.Ok, first.Status);

        var stale = await store.ConfigureAsync(project, "production", "f", c => c with { Enabled = false }, new Precondition(read.ETag), Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.PreconditionFailed, stale.Status);
        var now = (await store.Flags.GetInEnvironmentAsync(project, "production", "f", TestContext.Current.CancellationToken))!;
        Assert.True(now.Targeting.Enabled);
        Assert.Equal(2, now.Version);
        Assert.Equal(2, (await store.Environments.GetAsync(project, "production", TestContext.Current.CancellationToken))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task UpdateFlagConfig_Invalid_ReportsRequestPaths_AndChangesNothing()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("a"), Alice, TestContext.Current.CancellationToken);
        await store.CreateFlagAsync(project, Boolean("b"), Alice, TestContext.Current.CancellationToken);

        var result = await store.ConfigureAsync(
            project,
            "staging",
            "b",
            _ => On("nope") with { OffVariation = "missing" },
            Precondition.None,
            Alice,
            TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Path.StartsWith("fallthrough", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path.StartsWith("offVariation", StringComparison.Ordinal));
        Assert.Equal(2, (await store.Environments.GetAsync(project, "staging", TestContext.Current.CancellationToken))!.Version);
        Assert.False((await store.Flags.GetInEnvironmentAsync(project, "staging", "b", TestContext.Current.CancellationToken))!.Targeting.Enabled);
        Assert.Equal(2, (await store.ChangeLog.ReadAsync((await store.Environments.GetAsync(project, "staging", TestContext.Current.CancellationToken))!.Id, 0, 100, TestContext.Current.CancellationToken)).Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task ChangeLog_IsGapFree_AndReplayingItReachesTheLatestRuleset()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("x"), Alice, TestContext.Current.CancellationToken);
        await store.CreateFlagAsync(project, Boolean("y"), Alice, TestContext.Current.CancellationToken);
        for (var i = 0; i < 10; i++)
        {
            var key = i % 2 == 0 ? "x" : "y";
            await store.ConfigureAsync(project, "production", key, c => c with { Enabled = !c.Enabled }, Precondition.None, Alice, TestContext.Current.CancellationToken);
        }

        await store.CreateSegmentAsync(project, "production", Segment("beta", "u1"), Alice, TestContext.Current.CancellationToken);
        await store.DeleteFlagAsync(project, "y", Precondition.None, Alice, TestContext.Current.CancellationToken);
        var production = (await store.Environments.GetAsync(project, "production", TestContext.Current.CancellationToken))!;

        var changes = await store.ChangeLog.ReadAsync(production.Id, 0, 1000, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, (int)production.Version).Select(v => (long)v), changes.Select(c => c.Version).Distinct());
        var replayed = new Dictionary<string, JsonElement>();
        foreach (var change in changes.Where(c => c.Kind == "flag"))
        {
            if (change.Operation == "delete")
            {
                replayed.Remove(change.Key);
            }
            else
            {
                replayed[change.Key] = change.Payload!.Value;
            }
        }

        var snapshot = (await store.Snapshots.GetAsync(production.Id, TestContext.Current.CancellationToken))!;
        var ruleset = RulesetJson.Read(snapshot.Document);
        Assert.Empty(ruleset.Errors);
        Assert.Equal(production.Version, ruleset.Ruleset!.Version);
        Assert.Equal(["x"], replayed.Keys);
        Assert.Equal(production.Version, snapshot.Version);
        using var doc = JsonDocument.Parse(snapshot.Document);
        Assert.Equal(replayed["x"].GetRawText(), doc.RootElement.GetProperty("flags")[0].GetRawText());
    }

    [Fact(Timeout = 30_000)]
    public async Task Promote_CopiesConfigurationToTheTargetOnly()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, TestContext.Current.CancellationToken);
        await store.ConfigureAsync(project, "staging", "f", _ => On() with { Salt = "s1" }, Precondition.None, Alice, TestContext.Current.CancellationToken);
        var target = (await store.Flags.GetInEnvironmentAsync(project, "production", "f", TestContext.Current.CancellationToken))!;

        var result = await store.PromoteAsync(project, "f", "staging", "production", new Precondition(target.ETag), Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Ok, result.Status);
        Assert.Equal(["production"], result.Versions.Keys);
        var promoted = (await store.Flags.GetInEnvironmentAsync(project, "production", "f", TestContext.Current.CancellationToken))!;
        Assert.True(promoted.Targeting.Enabled);
        Assert.Equal("s1", promoted.Targeting.Salt);
        Assert.False((await store.Flags.GetInEnvironmentAsync(project, "development", "f", TestContext.Current.CancellationToken))!.Targeting.Enabled);
        Assert.Contains(await store.Audit.ListAsync(new AuditQuery(project, null, 10), TestContext.Current.CancellationToken), a => a.Action == "flag.promote" && a.Environment == "production");
    }

    [Fact(Timeout = 30_000)]
    public async Task Segments_ReferencedByARule_CannotBeDeleted()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, TestContext.Current.CancellationToken);
        var created = await store.CreateSegmentAsync(project, "development", Segment("beta", "u1"), Alice, TestContext.Current.CancellationToken);
        Assert.Equal(WriteStatus.Ok, created.Status);
        Assert.Equal(2, created.Versions["development"]);
        Assert.Equal(WriteStatus.Ok, (await store.ConfigureAsync(project, "development", "f", _ => WithSegmentRule("beta"), Precondition.None, Alice, TestContext.Current.CancellationToken)).Status);

        var delete = await store.DeleteSegmentAsync(project, "development", "beta", Precondition.None, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Invalid, delete.Status);
        Assert.NotNull(await store.Segments.GetAsync(project, "development", "beta", TestContext.Current.CancellationToken));
        var updated = await store.UpdateSegmentAsync(project, "development", Segment("beta", "u1", "u2"), new Precondition(created.Value!.State<SegmentState>().ETag), Alice, TestContext.Current.CancellationToken);
        Assert.Equal(WriteStatus.Ok, updated.Status);
        Assert.Equal(["u1", "u2"], (await store.Segments.GetAsync(project, "development", "beta", TestContext.Current.CancellationToken))!.Segment.Included);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteFlag_ThatIsAPrerequisite_IsRefused()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("base"), Alice, TestContext.Current.CancellationToken);
        await store.CreateFlagAsync(project, Boolean("child"), Alice, TestContext.Current.CancellationToken);
        await store.ConfigureAsync(project, "production", "child", _ => On() with { Prerequisites = [new PrerequisiteDefinition("base", "on")] }, Precondition.None, Alice, TestContext.Current.CancellationToken);

        var result = await store.DeleteFlagAsync(project, "base", Precondition.None, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.NotNull(await store.Flags.GetAsync(project, "base", TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task UpdateFlagDefinition_ChecksETag_AndReachesEveryEnvironment()
    {
        var (store, project) = await WithProjectAsync();
        var created = await store.CreateFlagAsync(project, Boolean("f"), Alice, TestContext.Current.CancellationToken);

        var updated = await store.UpdateFlagAsync(project, Boolean("f", "new-tag"), new Precondition(created.Value!.State<FlagState>().ETag), Alice, TestContext.Current.CancellationToken);
        var stale = await store.UpdateFlagAsync(project, Boolean("f", "other"), new Precondition(created.Value!.State<FlagState>().ETag), Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Ok, updated.Status);
        Assert.Equal(2, updated.Versions["staging"]);
        Assert.Equal(WriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(["new-tag"], (await store.Flags.GetAsync(project, "f", TestContext.Current.CancellationToken))!.Spec.Tags);
        Assert.Equal(2, (await store.Flags.GetInEnvironmentAsync(project, "staging", "f", TestContext.Current.CancellationToken))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListFlags_SearchesByTextTagAndState_AndPaginatesByKey()
    {
        var (store, project) = await WithProjectAsync();
        foreach (var key in new[] { "alpha", "beta", "gamma", "delta", "Beta_2" })
        {
            await store.CreateFlagAsync(project, Boolean(key, key.StartsWith('b') ? "team-b" : "team-x"), Alice, TestContext.Current.CancellationToken);
        }

        await store.ConfigureAsync(project, "production", "gamma", _ => On(), Precondition.None, Alice, TestContext.Current.CancellationToken);

        var page1 = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, null, 2), TestContext.Current.CancellationToken);
        var page2 = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, page1.NextCursor, 2), TestContext.Current.CancellationToken);
        var page3 = await store.Flags.ListAsync(project, new FlagQuery(null, null, null, null, page2.NextCursor, 2), TestContext.Current.CancellationToken);

        Assert.Equal(["Beta_2", "alpha", "beta", "delta", "gamma"], page1.Items.Concat(page2.Items).Concat(page3.Items).Select(f => f.Spec.Key));
        Assert.Null(page3.NextCursor);
        Assert.Equal(["Beta_2", "beta"], (await store.Flags.ListAsync(project, new FlagQuery("BETA", null, null, null, null, 10), TestContext.Current.CancellationToken)).Items.Select(f => f.Spec.Key));
        Assert.Equal(["beta"], (await store.Flags.ListAsync(project, new FlagQuery(null, "team-b", null, null, null, 10), TestContext.Current.CancellationToken)).Items.Select(f => f.Spec.Key));
        Assert.Equal(["gamma"], (await store.Flags.ListAsync(project, new FlagQuery(null, null, "production", true, null, 10), TestContext.Current.CancellationToken)).Items.Select(f => f.Spec.Key));
        Assert.Equal(["Beta_2"], (await store.Flags.ListAsync(project, new FlagQuery("_", null, null, null, null, 10), TestContext.Current.CancellationToken)).Items.Select(f => f.Spec.Key));
    }

    [Fact(Timeout = 30_000)]
    public async Task SdkKeys_RotateWithOverlap_AndRevokeAtOnce()
    {
        var (store, project) = await WithProjectAsync();
        var environment = (await store.Environments.GetAsync(project, "production", TestContext.Current.CancellationToken))!;
        var first = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Server, null, "hash-1-" + project);

        var second = (await store.Auth.RotateSdkKeyAsync(environment.Id, first.Id, "hash-2-" + project, "h2", TimeSpan.FromMinutes(10), null, Alice, TestContext.Current.CancellationToken)).Value!;

        Assert.Equal(first.Name, second.Name);
        Assert.True((await store.Auth.FindSdkKeyAsync("hash-1-" + project, TestContext.Current.CancellationToken))!.IsActive(Time.GetUtcNow()));
        Time.Advance(TimeSpan.FromMinutes(11));
        Assert.False((await store.Auth.FindSdkKeyAsync("hash-1-" + project, TestContext.Current.CancellationToken))!.IsActive(Time.GetUtcNow()));
        Assert.True((await store.Auth.FindSdkKeyAsync("hash-2-" + project, TestContext.Current.CancellationToken))!.IsActive(Time.GetUtcNow()));
        Assert.True(await store.Auth.RevokeSdkKeyAsync(environment.Id, second.Id, Alice, TestContext.Current.CancellationToken));
        Assert.False((await store.Auth.FindSdkKeyAsync("hash-2-" + project, TestContext.Current.CancellationToken))!.IsActive(Time.GetUtcNow()));
        Assert.Equal(2, (await store.Auth.ListSdkKeysAsync(environment.Id, TestContext.Current.CancellationToken)).Count);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact(Timeout = 30_000)]
    public async Task SdkKeys_CreatingOne_LeavesTheOthersActive_AndNamesAreUniquePerKind()
    {
        var (store, project) = await WithProjectAsync();
        var ct = TestContext.Current.CancellationToken;
        var environment = (await store.Environments.GetAsync(project, "production", ct))!;
        var first = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Server, null, "n-1-" + project);
        var second = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Server, null, "n-2-" + project);
        var backend = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Server, "backend", "n-3-" + project);
        var client = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Client, "backend", "n-4-" + project);

        var duplicate = await store.Auth.CreateSdkKeyAsync(environment.Id, SdkKeyKind.Server, "backend", "n-5-" + project, "h", [], Alice, ct);
        var rotated = await store.Auth.RotateSdkKeyAsync(environment.Id, backend.Id, "n-6-" + project, "h", TimeSpan.Zero, null, Alice, ct);
        var again = await store.Auth.RotateSdkKeyAsync(environment.Id, backend.Id, "n-7-" + project, "h", TimeSpan.Zero, null, Alice, ct);
        var missing = await store.Auth.RotateSdkKeyAsync(environment.Id, 999_999, "n-8-" + project, "h", TimeSpan.Zero, null, Alice, ct);

        Assert.Equal(["default", "default-2", "backend", "backend"], new[] { first, second, backend, client }.Select(k => k.Name));
        Assert.Equal(WriteStatus.Conflict, duplicate.Status);
        Assert.Equal(WriteStatus.Ok, rotated.Status);
        Assert.Equal(WriteStatus.Conflict, again.Status); // rotated out already: rotate its successor
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        var now = Time.GetUtcNow();
        var active = (await store.Auth.ListSdkKeysAsync(environment.Id, ct)).Where(k => k.IsActive(now)).Select(k => k.Id).ToHashSet();
        Assert.Equal(new HashSet<long> { first.Id, second.Id, client.Id, rotated.Value!.Id }, active);
        Assert.Equal("backend", rotated.Value.Name);
    }

    private static async Task<SdkKeyState> CreateKeyAsync(StoreHarness store, long environmentId, string kind, string? name, string hash)
    {
        var created = await store.Auth.CreateSdkKeyAsync(environmentId, kind, name, hash, "h", [], Alice, TestContext.Current.CancellationToken);
        Assert.Equal(WriteStatus.Ok, created.Status);
        return created.Value!;
    }

    [Fact(Timeout = 30_000)]
    public async Task ClientKeys_CarryTheirOrigins_AndOnlyActiveOnesAreListed()
    {
        var (store, project) = await WithProjectAsync();
        var ct = TestContext.Current.CancellationToken;
        var environment = (await store.Environments.GetAsync(project, "production", ct))!;
        var origin = $"https://{project}.example.com";
        var old = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Client, null, "ck-1-" + project);
        Assert.NotNull(await store.Auth.SetSdkKeyOriginsAsync(environment.Id, old.Id, [origin], Alice, ct));
        var current = (await store.Auth.RotateSdkKeyAsync(environment.Id, old.Id, "ck-2-" + project, "c2", TimeSpan.FromMinutes(10), [], Alice, ct)).Value!;
        var revoked = await CreateKeyAsync(store, environment.Id, SdkKeyKind.Client, "other", "ck-3-" + project);
        Assert.True(await store.Auth.RevokeSdkKeyAsync(environment.Id, revoked.Id, Alice, ct));

        var found = await store.Auth.FindSdkKeyAsync("ck-1-" + project, ct);
        var listed = await store.Auth.ListActiveClientKeysAsync(environment.Id, ct);

        Assert.Equal([origin], found!.AllowedOrigins);
        Assert.Equal(["ck-1-" + project, "ck-2-" + project], listed.Select(k => k.KeyHash));
        Assert.Equal([origin], listed[0].AllowedOrigins);
        Assert.NotNull(listed[0].ExpiresAt); // rotated out, in its overlap
        Assert.Null(listed[1].ExpiresAt);
        Assert.Contains(origin, await store.Auth.ListClientKeyOriginsAsync(ct));
        Assert.Null(await store.Auth.SetSdkKeyOriginsAsync(environment.Id, 999_999, [origin], Alice, ct));

        Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(["ck-2-" + project], (await store.Auth.ListActiveClientKeysAsync(environment.Id, ct)).Select(k => k.KeyHash));
        Assert.DoesNotContain(origin, await store.Auth.ListClientKeyOriginsAsync(ct));
        Assert.Empty((await store.Auth.SetSdkKeyOriginsAsync(environment.Id, current.Id, [], Alice, ct))!.AllowedOrigins);
    }

    [Fact(Timeout = 30_000)]
    public async Task ApiTokens_AreFoundByHash_AndRevoked()
    {
        var store = await CreateStoreAsync();
        var hash = "token-hash-" + Guid.NewGuid().ToString("N");
        var token = await store.Auth.CreateApiTokenAsync("ci", hash, Role.Editor, null, "api", null, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(Role.Editor, (await store.Auth.FindApiTokenAsync(hash, TestContext.Current.CancellationToken))!.Role);
        Assert.True(await store.Auth.RevokeApiTokenAsync(token.Id, Alice, TestContext.Current.CancellationToken));
        Assert.NotNull((await store.Auth.FindApiTokenAsync(hash, TestContext.Current.CancellationToken))!.RevokedAt);
        Assert.False(await store.Auth.RevokeApiTokenAsync(token.Id, Alice, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentCreates_OfOneKey_OneWinsTheOthersConflict()
    {
        var store = await CreateStoreAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.CreateProjectAsync("same", "Same", Alice, TestContext.Current.CancellationToken))));

        Assert.Single(results, r => r.Status == WriteStatus.Ok);
        Assert.All(results.Where(r => r.Status != WriteStatus.Ok), r => Assert.Equal(WriteStatus.Conflict, r.Status));
        Assert.Equal(3, (await store.Environments.ListAsync("same", TestContext.Current.CancellationToken)).Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task Migrate_AgainAndConcurrently_IsHarmless()
    {
        var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.MigrateAsync(TestContext.Current.CancellationToken)));

        Assert.Empty(await store.Projects.ListAsync(TestContext.Current.CancellationToken) is var list && list.Count > 0 ? [] : list);
    }
}
