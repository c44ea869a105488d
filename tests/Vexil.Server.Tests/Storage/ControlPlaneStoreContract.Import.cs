using Vexil.Server.Audit;
using Vexil.Server.Flags.Import;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Flag imports (one change set of many flags, one transaction), on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_CreatesAndConfiguresInOneVersion_AndAgainChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("existing"), Alice, ct);
        var flags = new[] { Native("a", On()), Native("b", On("off")), Native("existing", On()) };

        var first = await store.ImportAsync(project, "production", flags, dryRun: false, Alice, ct);
        var second = await store.ImportAsync(project, "production", flags, dryRun: false, Alice, ct);

        Assert.Equal(WriteStatus.Ok, first.Status);
        var firstOutcome = ImportChanges.Summarize(first.Value!, "production", first.Versions, 1);
        Assert.Equal(["a", "b"], firstOutcome.Created);
        Assert.Equal(["existing"], firstOutcome.Updated);
        Assert.Equal(2, firstOutcome.EnvironmentVersion);
        Assert.Equal(new Dictionary<string, long> { ["development"] = 2, ["staging"] = 2, ["production"] = 2 }, first.Versions);
        var production = (await store.Flags.GetInEnvironmentAsync(project, "production", "b", ct))!;
        Assert.True(production.Targeting.Enabled);
        Assert.False((await store.Flags.GetInEnvironmentAsync(project, "staging", "b", ct))!.Targeting.Enabled);
        Assert.Equal("Flag existing", (await store.Flags.GetAsync(project, "existing", ct))!.Spec.Name);
        var environment = (await store.Environments.GetAsync(project, "production", ct))!;
        var changes = await store.ChangeLog.ReadAsync(environment.Id, 1, 100, ct);
        Assert.Equal(["a", "b", "existing"], changes.Select(c => c.Key).Order());
        Assert.All(changes, c => Assert.Equal(2, c.Version));
        Assert.Equal(3, (await store.Audit.ListAsync(new AuditQuery(project, null, 50), ct)).Count(a => a.Action == "flag.import"));

        Assert.Equal(WriteStatus.Ok, second.Status);
        var secondOutcome = ImportChanges.Summarize(second.Value!, "production", second.Versions, 2);
        Assert.Equal(["a", "b", "existing"], secondOutcome.Unchanged);
        Assert.Empty(second.Versions);
        Assert.Equal(2, (await store.Environments.GetAsync(project, "production", ct))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_DryRun_ReportsAndRollsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();

        var result = await store.ImportAsync(project, "production", [Native("a", On())], dryRun: true, Alice, ct);

        Assert.Equal(WriteStatus.Ok, result.Status);
        var outcome = ImportChanges.Summarize(result.Value!, "production", result.Versions, 0);
        Assert.Equal(["a"], outcome.Created);
        Assert.Equal(1, outcome.EnvironmentVersion);
        Assert.Null(await store.Flags.GetAsync(project, "a", ct));
        Assert.Equal(0, (await store.Environments.GetAsync(project, "production", ct))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_OneInvalidFlag_ChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();

        var result = await store.ImportAsync(project, "production", [Native("a", On()), Native("b", On("missing"))], dryRun: false, Alice, ct);

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Message.Contains("missing", StringComparison.Ordinal) && e.Path.StartsWith("flags.b", StringComparison.Ordinal));
        Assert.Null(await store.Flags.GetAsync(project, "a", ct));
        Assert.Equal(WriteStatus.NotFound, (await store.ImportAsync(project, "nowhere", [Native("a", On())], dryRun: false, Alice, ct)).Status);
    }
}
