using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Projects;

/// <summary>
/// /projects/{project}/settings: rename the project; create, rename, reorder, archive and restore its environments.
/// Every write is a typed change through the recorder (<see cref="RenameProject"/>, <see cref="CreateEnvironment"/>,
/// <see cref="RenameEnvironment"/>, <see cref="ReorderEnvironments"/>, <see cref="ArchiveEnvironment"/>).
/// </summary>
internal static class DashboardProjectSettings
{
    public static void MapDashboardProjectSettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/settings", PageAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/settings", RenameProjectAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/projects/{project}/environments", CreateAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/projects/{project}/environments/{environment}", EnvironmentAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> PageAsync(string project, string? saved, HttpContext http, DashboardData store, CancellationToken cancellationToken) =>
        await RenderAsync(project, http, store, [], saved, null, cancellationToken);

    private static async Task<IResult> RenameProjectAsync(string project, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var name = form["name"].ToString().Trim();
        var errors = new ValidationErrors();
        errors.RequireText("name", name);
        return await WriteAsync(project, form, http, store, errors, () => new RenameProject(name, new Precondition(form["etag"].ToString())), "renamed", cancellationToken);
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var key = form["key"].ToString().Trim();
        var name = form["name"].ToString().Trim();
        var errors = new ValidationErrors();
        errors.RequireKey("key", key);
        errors.RequireText("name", name.Length == 0 ? key : name);
        return await WriteAsync(project, form, http, store, errors, () => new CreateEnvironment(key, name.Length == 0 ? key : name), "created", cancellationToken);
    }

    private static async Task<IResult> EnvironmentAsync(string project, string environment, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var all = await store.Environments.ListAsync(project, cancellationToken);
        var index = all.ToList().FindIndex(e => e.Key == environment);
        if (index < 0)
        {
            return DashboardPages.NotFound(http);
        }

        var etag = new Precondition(form["etag"].ToString());
        var errors = new ValidationErrors();
        var action = form["action"].ToString();
        Func<Change>? change = null;
        switch (action)
        {
            case "rename":
                var name = form["name"].ToString().Trim();
                errors.RequireText("name", name);
                change = () => new RenameEnvironment(environment, name, etag);
                break;
            case "archive" or "restore":
                change = () => new ArchiveEnvironment(environment, action == "archive", etag);
                break;
            case "up" or "down":
                var keys = all.Select(e => e.Key).ToList();
                var other = action == "up" ? index - 1 : index + 1;
                if (other >= 0 && other < keys.Count)
                {
                    (keys[index], keys[other]) = (keys[other], keys[index]);
                }

                change = () => new ReorderEnvironments(keys);
                break;
            default:
                errors.Add("action", "is not one of rename, archive, restore, up, down");
                break;
        }

        return await WriteAsync(project, form, http, store, errors, change ?? (() => new ReorderEnvironments([])), action, cancellationToken);
    }

    private static async Task<IResult> WriteAsync(string project, IFormCollection form, HttpContext http, DashboardData store, ValidationErrors errors, Func<Change> change, string saved, CancellationToken cancellationToken)
    {
        var back = $"/projects/{project}/settings";
        var messages = errors.Messages.ToList();
        if (messages.Count == 0)
        {
            var result = await store.Recorder.RecordAsync(ChangeSet.Of(project, change(), DashboardPages.WriteContext(http, null), ChangeOrigin.Dashboard), cancellationToken);
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    return DashboardPages.SeeOther($"{back}?saved={saved}");
                case WriteStatus.NotFound:
                    return DashboardPages.NotFound(http);
                case WriteStatus.Held:
                    return DashboardPages.Held(http, result, back);
                case WriteStatus.Forbidden:
                    return DashboardPages.Refused(http, result, back);
                case WriteStatus.PreconditionFailed:
                    return DashboardPages.Stale(http, back);
                default:
                    messages.AddRange(DashboardPromote.Messages(result));
                    break;
            }
        }

        return await RenderAsync(project, http, store, messages, null, form, cancellationToken);
    }

    private static async Task<IResult> RenderAsync(string project, HttpContext http, DashboardData store, IReadOnlyList<string> errors, string? saved, IFormCollection? posted, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "settings", cancellationToken);
        if (shell?.Project is null)
        {
            return DashboardPages.NotFound(http);
        }

        var environments = await store.Environments.ListAsync(project, cancellationToken);
        var model = new ProjectSettingsModel(shell.Project, environments, errors, saved) { Posted = posted };
        return DashboardPages.Render<Pages.ProjectSettingsPage>(http, shell, model, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }
}
