using Vexil.Server.Auth;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Governance;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Governance;

/// <summary>The project's change requests (with their differences and reviews) and what is scheduled; review steps as forms.</summary>
internal static class DashboardChanges
{
    private const int Shown = 100;

    public static void MapDashboardChanges(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/changes", PageAsync).RequireAuthorization(DashboardPolicies.Viewer).ExcludeFromDescription();
        app.MapPost("/projects/{project}/changes/{id:long}", StepAsync).RequireAuthorization(DashboardPolicies.Editor).RequireFormToken().ExcludeFromDescription();
    }

    private static Task<IResult> PageAsync(string project, string? status, HttpContext context, DashboardData store, ChangeRequestStore requests, ScheduleStore schedules, CancellationToken cancellationToken) =>
        RenderAsync(context, store, requests, schedules, project, status, [], null, cancellationToken);

    /// <summary>The page; after a refused schedule form, that form as typed (<paramref name="posted"/>) and its errors.</summary>
    internal static async Task<IResult> RenderAsync(HttpContext context, DashboardData store, ChangeRequestStore requests, ScheduleStore schedules, string project, string? status, IReadOnlyList<string> errors, IFormCollection? posted, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "changes", cancellationToken);
        if (shell is null)
        {
            return DashboardPages.NotFound(context);
        }

        var filter = status is not null && ChangeRequestStatus.All.Contains(status) ? status : null;
        var list = await requests.ListAsync(project, filter, null, null, Shown, cancellationToken);
        var items = new List<(ChangeRequestState, IReadOnlyList<ChangeRequestReview>)>(list.Count);
        foreach (var request in list)
        {
            items.Add((request, await requests.ReviewsAsync(request.Id, cancellationToken)));
        }

        var coming = await schedules.ListAsync(project, ScheduleStatus.Pending, null, null, Shown, cancellationToken);
        var model = new ChangesModel(filter, items, coming) { ScheduleErrors = errors, Posted = posted };
        return DashboardPages.Render<Pages.ChangesPage>(context, shell, model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> StepAsync(string project, long id, HttpContext context, ChangeRequests requests, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var step = form["step"].ToString();
        var comment = form["comment"].ToString().Trim();
        var write = DashboardPages.WriteContext(context, null);
        var reviewer = new Reviewer(write, context.User.RoleOf() ?? Role.Viewer);
        var note = comment.Length == 0 ? null : comment;
        WriteResult<ChangeRequestState>? result = step switch
        {
            "approve" => await requests.ApproveAsync(project, id, reviewer, note, cancellationToken),
            "reject" => await requests.RejectAsync(project, id, reviewer, note, cancellationToken),
            "comment" when note is not null => await requests.CommentAsync(project, id, write, note, cancellationToken),
            "withdraw" => await requests.WithdrawAsync(project, id, write, cancellationToken),
            "rebase" => await requests.RebaseAsync(project, id, write, cancellationToken),
            "apply" => (await requests.ApplyAsync(project, id, write, cancellationToken)).Result,
            _ => null,
        };
        var page = $"/projects/{project}/changes";
        if (result is null)
        {
            return DashboardPages.Render<Pages.MessagePage>(context, null, new MessageModel("Not done", "Choose approve, reject, comment (with a comment), withdraw, rebase or apply.", page, "Back"), StatusCodes.Status400BadRequest);
        }

        if (result.Status == WriteStatus.Ok)
        {
            return DashboardPages.SeeOther($"{page}?saved={Uri.EscapeDataString(step)}#cr-{id}");
        }

        var why = result.Errors.Count > 0 ? string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")) : result.Detail ?? result.Status.ToString();
        var code = result.Status switch
        {
            WriteStatus.NotFound => StatusCodes.Status404NotFound,
            WriteStatus.Forbidden => StatusCodes.Status403Forbidden,
            WriteStatus.Invalid => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict,
        };
        return DashboardPages.Render<Pages.MessagePage>(context, null, new MessageModel($"Change request {id}: not done", why, page, "Back to change requests", Alert: true), code);
    }
}

/// <summary>The change requests page: the requests shown (with their reviews), the pending schedules, and a refused schedule form.</summary>
internal sealed record ChangesModel(string? Status, IReadOnlyList<(ChangeRequestState Request, IReadOnlyList<ChangeRequestReview> Reviews)> Requests, IReadOnlyList<ScheduledChangeState> Coming)
{
    /// <summary>Why the schedule form (<see cref="Posted"/>) was refused.</summary>
    public IReadOnlyList<string> ScheduleErrors { get; init; } = [];

    /// <summary>The refused schedule form, shown again as typed.</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>What the refused form of <paramref name="form"/> (<c>new</c> or a schedule's id) held in <paramref name="field"/>.</summary>
    public string? Typed(string form, string field) => Posted is { } f && f["form"] == form ? f[field].ToString() : null;
}
