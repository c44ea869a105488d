using Vexil.Server.Changes;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Ordering and archiving projects, on every store.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task ProjectChanges_ReorderAndArchive_AreStoredInOrder_AndAnArchivedOneRefusesWritesNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, a) = await WithProjectAsync();
        var b = "pb-" + Guid.NewGuid().ToString("N")[..8];
        var c = "pc-" + Guid.NewGuid().ToString("N")[..8];
        await store.CreateProjectAsync(b, "B", Alice, ct);
        await store.CreateProjectAsync(c, "C", Alice, ct);
        var mine = new[] { a, b, c };

        var reordered = await store.Recorder.RecordAsync(ChangeSet.ForAllProjects(new ReorderProjects([c, a]), Alice), ct);
        var unknown = await store.Recorder.RecordAsync(ChangeSet.ForAllProjects(new ReorderProjects([c, "no-such-project"]), Alice), ct);
        var read = (await store.Projects.GetAsync(b, ct))!;
        var archived = await store.RecordAsync(b, new ArchiveProject(true, new Precondition(read.ETag)), Alice, ct);
        var stale = await store.RecordAsync(b, new ArchiveProject(false, new Precondition(read.ETag)), Alice, ct);
        var refused = await store.CreateFlagAsync(b, Boolean("f"), Alice, ct);
        var projects = await store.Projects.ListAsync(ct);
        var restored = await store.RecordAsync(b, new ArchiveProject(false, Precondition.None), Alice, ct);
        var allowed = await store.CreateFlagAsync(b, Boolean("f"), Alice, ct);

        Assert.Equal(WriteStatus.Ok, reordered.Status);
        Assert.Equal(WriteStatus.Invalid, unknown.Status);
        Assert.Equal(WriteStatus.Ok, archived.Status);
        Assert.Equal(WriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(WriteStatus.Conflict, refused.Status);
        Assert.Equal([c, a, b], projects.Select(p => p.Key).Where(mine.Contains));
        Assert.True(projects.Single(p => p.Key == b).Archived);
        Assert.Equal(WriteStatus.Ok, restored.Status);
        Assert.Equal(WriteStatus.Ok, allowed.Status);
        Assert.False((await store.Projects.GetAsync(b, ct))!.Archived);
    }
}
