using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Projects;

/// <summary>
/// POST /projects/{project}: move a project up or down the projects page, archive or restore it — typed changes through
/// the recorder (<see cref="ReorderProjects"/>, <see cref="ArchiveProject"/>), with the role that creates projects.
/// </summary>
internal static class DashboardProjectList
{
    public static void MapDashboardProjectList(this IEndpointRouteBuilder app) =>
        app.MapPost("/projects/{project}", ProjectAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();

    private static async Task<IResult> ProjectAsync(string project, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var all = await store.Projects.ListAsync(cancellationToken);
        if (all.FirstOrDefault(p => p.Key == project) is null)
        {
            return DashboardPages.NotFound(http);
        }

        var action = form["action"].ToString();
        var context = DashboardPages.WriteContext(http, null);
        ChangeSet set;
        switch (action)
        {
            case "archive" or "restore":
                set = ChangeSet.Of(project, new ArchiveProject(action == "archive", new Precondition(form["etag"].ToString())), context, ChangeOrigin.Dashboard);
                break;
            case "up" or "down":
                // The page lists projects that are not archived; a move swaps neighbours there, the archived ones follow.
                var keys = all.Where(p => !p.Archived).Select(p => p.Key).ToList();
                var index = keys.IndexOf(project);
                var other = action == "up" ? index - 1 : index + 1;
                if (index >= 0 && other >= 0 && other < keys.Count)
                {
                    (keys[index], keys[other]) = (keys[other], keys[index]);
                }

                set = ChangeSet.ForAllProjects(new ReorderProjects([.. keys, .. all.Where(p => p.Archived).Select(p => p.Key)]), context);
                break;
            default:
                return await DashboardHome.RenderAsync(http, store, ["action is not one of archive, restore, up, down"], null, cancellationToken);
        }

        var result = await store.Recorder.RecordAsync(set, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther($"/projects?saved={action}"),
            WriteStatus.Held => DashboardPages.Held(http, result, "/projects"),
            WriteStatus.Forbidden => DashboardPages.Refused(http, result, "/projects"),
            WriteStatus.PreconditionFailed => DashboardPages.Stale(http, "/projects"),
            _ => await DashboardHome.RenderAsync(http, store, [.. DashboardPromote.Messages(result)], null, cancellationToken),
        };
    }
}
