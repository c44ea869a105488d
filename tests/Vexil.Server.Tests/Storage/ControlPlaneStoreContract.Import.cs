using Vexil.Server.Audit;
using Vexil.Server.Flags.Import;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Flag imports (one transaction for many flags), on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_CreatesAndConfiguresInOneVersion_AndAgainChangesNothing()
    {
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("existing"), Alice, TestContext.Current.CancellationToken);
        ImportedFlag[] flags = [new(Boolean("a"), On()), new(Boolean("b"), On("off")), new(Boolean("existing"), On())];

        var first = await store.ImportFlagsAsync(project, "production", flags, dryRun: false, Alice, TestContext.Current.CancellationToken);
        var second = await store.ImportFlagsAsync(project, "production", flags, dryRun: false, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Ok, first.Status);
        Assert.Equal(["a", "b"], first.Value!.Created);
        Assert.Equal(["existing"], first.Value.Updated);
        Assert.Equal(2, first.Value.EnvironmentVersion);
        Assert.Equal(new Dictionary<string, long> { ["development"] = 2, ["staging"] = 2, ["production"] = 2 }, first.Versions);
        var production = (await store.GetEnvironmentFlagAsync(project, "production", "b", TestContext.Current.CancellationToken))!;
        Assert.True(production.Config.Enabled);
        Assert.False((await store.GetEnvironmentFlagAsync(project, "staging", "b", TestContext.Current.CancellationToken))!.Config.Enabled);
        var environment = (await store.GetEnvironmentAsync(project, "production", TestContext.Current.CancellationToken))!;
        var changes = await store.GetChangesAsync(environment.Id, 1, 100, TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b", "existing"], changes.Select(c => c.Key).Order());
        Assert.All(changes, c => Assert.Equal(2, c.Version));
        Assert.Equal(3, (await store.ListAuditAsync(new AuditQuery(project, null, 50), TestContext.Current.CancellationToken)).Count(a => a.Action == "flag.import"));

        Assert.Equal(WriteStatus.Ok, second.Status);
        Assert.Equal(["a", "b", "existing"], second.Value!.Unchanged);
        Assert.Empty(second.Versions);
        Assert.Equal(2, second.Value.EnvironmentVersion);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_DryRun_ReportsAndRollsBack()
    {
        var (store, project) = await WithProjectAsync();

        var result = await store.ImportFlagsAsync(project, "production", [new(Boolean("a"), On())], dryRun: true, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Ok, result.Status);
        Assert.Equal(["a"], result.Value!.Created);
        Assert.Equal(1, result.Value.EnvironmentVersion);
        Assert.Null(await store.GetFlagAsync(project, "a", TestContext.Current.CancellationToken));
        Assert.Equal(0, (await store.GetEnvironmentAsync(project, "production", TestContext.Current.CancellationToken))!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportFlags_OneInvalidFlag_ChangesNothing()
    {
        var (store, project) = await WithProjectAsync();

        var result = await store.ImportFlagsAsync(project, "production", [new(Boolean("a"), On()), new(Boolean("b"), On("missing"))], dryRun: false, Alice, TestContext.Current.CancellationToken);

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Null(await store.GetFlagAsync(project, "a", TestContext.Current.CancellationToken));
        Assert.Equal(WriteStatus.NotFound, (await store.ImportFlagsAsync(project, "nowhere", [], dryRun: false, Alice, TestContext.Current.CancellationToken)).Status);
    }
}
