using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// Ordered changes to one project, recorded in one transaction (all or nothing), with who made them, why, and through
/// which path. <see cref="Bases"/>, when present, are the states the objects were proposed against (a change request, a
/// schedule): the set is recorded only if every one of them is still current.
/// </summary>
internal sealed record ChangeSet(string Project, IReadOnlyList<Change> Changes, WriteContext Context, ChangeOrigin Origin = ChangeOrigin.Api, IReadOnlyList<ChangeBase>? Bases = null)
{
    /// <summary>The project name of a set that changes every project's order (<see cref="ReorderProjects"/>), never a project key.</summary>
    public const string AllProjects = "*";

    /// <summary>A set of one change to every project (<see cref="ReorderProjects"/>).</summary>
    public static ChangeSet ForAllProjects(Change change, WriteContext context) => new(AllProjects, [change], context);

    public static ChangeSet Of(string project, Change change, WriteContext context, ChangeOrigin origin = ChangeOrigin.Api) => new(project, [change], context, origin);
}
