using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Dashboard.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard;

/// <summary>/ (to the first project's flags) and /projects: the projects in order (archived ones apart) and a form for a new one.</summary>
internal static class DashboardHome
{
    public static void MapDashboardHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapGet("/projects", ProjectsAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects", CreateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapDashboardProjectList();
    }

    private static async Task<IResult> HomeAsync(HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var projects = (await store.Projects.ListAsync(cancellationToken)).Where(p => !p.Archived).ToList();
        return projects.Count > 0
            ? TypedResults.Redirect($"/projects/{projects[0].Key}/flags")
            : await ProjectsAsync(null, context, store, cancellationToken);
    }

    private static async Task<IResult> ProjectsAsync(string? saved, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, null, "projects", cancellationToken);
        return DashboardPages.Render<Pages.ProjectsPage>(context, shell, new ProjectsModel([]) { Saved = saved });
    }

    /// <summary>The projects page again with <paramref name="errors"/> (422), showing the refused creation form as typed.</summary>
    public static async Task<IResult> RenderAsync(HttpContext context, DashboardData store, IReadOnlyList<string> errors, IFormCollection? posted, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, null, "projects", cancellationToken);
        var model = new ProjectsModel(errors) { Key = posted?["key"].ToString(), Name = posted?["name"].ToString() };
        return DashboardPages.Render<Pages.ProjectsPage>(context, shell, model, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> CreateAsync(IFormCollection form, HttpContext context, DashboardData store, CancellationToken cancellationToken)
    {
        var key = form["key"].ToString().Trim();
        var name = form["name"].ToString().Trim();
        var errors = new ValidationErrors();
        errors.RequireKey("key", key);
        errors.RequireText("name", name.Length == 0 ? key : name);
        if (errors.IsEmpty)
        {
            var result = await store.Recorder.RecordAsync(ChangeSet.Of(key, new CreateProject(name.Length == 0 ? key : name), DashboardPages.WriteContext(context, null), ChangeOrigin.Dashboard), cancellationToken);
            if (result.Status == WriteStatus.Ok)
            {
                return TypedResults.Redirect($"/projects/{key}/flags");
            }

            errors.Add("key", result.Status == WriteStatus.Conflict ? "is taken by another project" : "was refused");
        }

        return await RenderAsync(context, store, [.. errors.Messages], form, cancellationToken);
    }
}
