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

    private static async Task<IResult> PageAsync(string project, string? status, HttpContext context, DashboardData store, ChangeRequestStore requests, ScheduleStore schedules, CancellationToken cancellationToken)
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
        return DashboardPages.Render<Pages.ChangesPage>(context, shell, new ChangesModel(filter, items, coming));
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

/// <summary>The change requests page: the requests shown (with their reviews) and the pending schedules.</summary>
internal sealed record ChangesModel(string? Status, IReadOnlyList<(ChangeRequestState Request, IReadOnlyList<ChangeRequestReview> Reviews)> Requests, IReadOnlyList<ScheduledChangeState> Coming);
