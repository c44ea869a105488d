using Vexil.Server.Changes;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Renaming, ordering and archiving environments, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task EnvironmentChanges_RenameReorderAndArchive_AreStoredInOrder_AndAnArchivedOneRefusesWritesNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, project) = await WithProjectAsync();
        await store.CreateFlagAsync(project, Boolean("f"), Alice, ct);
        var staging = (await store.Environments.GetAsync(project, "staging", ct))!;

        var renamed = await store.RecordAsync(project, new RenameEnvironment("staging", "Pre-production", new Precondition(staging.ETag)), Alice, ct);
        var stale = await store.RecordAsync(project, new RenameEnvironment("staging", "Lost", new Precondition(staging.ETag)), Alice, ct);
        var reordered = await store.RecordAsync(project, new ReorderEnvironments(["production", "staging"]), Alice, ct);
        var created = await store.RecordAsync(project, new CreateEnvironment("qa", "QA"), Alice, ct);
        var archived = await store.RecordAsync(project, new ArchiveEnvironment("qa", true, Precondition.None), Alice, ct);
        var refused = await store.ConfigureAsync(project, "qa", "f", t => t with { Enabled = true }, Precondition.None, Alice, ct);
        var environments = await store.Environments.ListAsync(project, ct);

        Assert.Equal(WriteStatus.Ok, renamed.Status);
        Assert.Equal(WriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(WriteStatus.Ok, reordered.Status);
        Assert.Equal(WriteStatus.Ok, created.Status);
        Assert.Equal(WriteStatus.Ok, archived.Status);
        Assert.Equal(WriteStatus.Conflict, refused.Status);
        Assert.Equal(["production", "staging", "development", "qa"], environments.Select(e => e.Key));
        Assert.Equal("Pre-production", environments[1].Name);
        Assert.Equal([false, false, false, true], environments.Select(e => e.Archived));
        Assert.False((await store.Flags.GetInEnvironmentAsync(project, "qa", "f", ct))!.Targeting.Enabled);
    }
}
