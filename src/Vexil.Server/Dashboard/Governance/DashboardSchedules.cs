using System.Globalization;
using Vexil.Server.Changes;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Governance;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Governance;

/// <summary>
/// Scheduled changes from the Changes page (editors): schedule turning a flag on or off (or an approved change request)
/// at a time in UTC, move a pending schedule, cancel it. Through <see cref="Schedules"/>, like the API (audited, sent as
/// webhooks; the change itself is validated and recorded like any write when it runs).
/// </summary>
internal static class DashboardSchedules
{
    public static void MapDashboardSchedules(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/projects/{project}/schedules").RequireAuthorization(DashboardPolicies.Editor).ExcludeFromDescription();
        group.MapPost("/", CreateAsync).RequireFormToken();
        group.MapPost("/{id:long}", EditAsync).RequireFormToken();
        group.MapPost("/{id:long}/cancel", CancelAsync).RequireFormToken();
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection form, HttpContext http, DashboardData store, Schedules schedules, ChangeRequestStore requests, ScheduleStore list, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var title = form["title"].ToString().Trim();
        errors.RequireText("title", title);
        var runAt = RunAt(form, time, errors);
        var missed = Missed(form, errors);
        IReadOnlyList<Change>? changes = null;
        long? changeRequest = null;
        if (form["what"] == "request")
        {
            if (long.TryParse(form["changeRequest"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                changeRequest = id;
            }
            else
            {
                errors.Add("change request", "must be the number of an approved change request");
            }
        }
        else
        {
            var environment = form["env"].ToString();
            var flag = form["flag"].ToString().Trim();
            errors.RequireKey("flag", flag);
            if (await store.Environments.GetAsync(project, environment, cancellationToken) is null)
            {
                errors.Add("environment", "must be an environment of this project");
            }

            changes = [new ToggleFlag(environment, flag, form["what"] == "on", Precondition.None)];
        }

        if (!errors.IsEmpty)
        {
            return await DashboardChanges.RenderAsync(http, store, requests, list, project, null, [.. errors.Messages], form, cancellationToken);
        }

        var result = await schedules.CreateAsync(project, changes, changeRequest, title, runAt!.Value, missed, DashboardPages.WriteContext(http, null), cancellationToken);
        return await AnswerAsync(result, form, http, store, requests, list, project, cancellationToken);
    }

    private static async Task<IResult> EditAsync(string project, long id, IFormCollection form, HttpContext http, DashboardData store, Schedules schedules, ChangeRequestStore requests, ScheduleStore list, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var runAt = RunAt(form, time, errors);
        var missed = Missed(form, errors);
        if (!errors.IsEmpty)
        {
            return await DashboardChanges.RenderAsync(http, store, requests, list, project, null, [.. errors.Messages], form, cancellationToken);
        }

        var result = await schedules.EditAsync(project, id, null, runAt, missed, null, DashboardPages.WriteContext(http, null), cancellationToken);
        return await AnswerAsync(result, form, http, store, requests, list, project, cancellationToken);
    }

    private static async Task<IResult> CancelAsync(string project, long id, IFormCollection form, HttpContext http, DashboardData store, Schedules schedules, ChangeRequestStore requests, ScheduleStore list, CancellationToken cancellationToken) =>
        await AnswerAsync(await schedules.CancelAsync(project, id, DashboardPages.WriteContext(http, null), cancellationToken), form, http, store, requests, list, project, cancellationToken);

    private static async Task<IResult> AnswerAsync(WriteResult<ScheduledChangeState> result, IFormCollection form, HttpContext http, DashboardData store, ChangeRequestStore requests, ScheduleStore list, string project, CancellationToken cancellationToken)
    {
        if (result.Status == WriteStatus.Ok)
        {
            return DashboardPages.SeeOther($"/projects/{project}/changes?saved=schedule#scheduled");
        }

        if (result.Status == WriteStatus.NotFound && result.Errors.Count == 0 && result.Detail is null)
        {
            return DashboardPages.NotFound(http);
        }

        IReadOnlyList<string> why = result.Errors.Count > 0
            ? [.. result.Errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}")]
            : [result.Detail ?? "Not scheduled."];
        return await DashboardChanges.RenderAsync(http, store, requests, list, project, null, why, form, cancellationToken);
    }

    /// <summary>The form's time, read as UTC (<c>yyyy-MM-ddTHH:mm</c> from a datetime-local field); it must be in the future.</summary>
    private static DateTimeOffset? RunAt(IFormCollection form, TimeProvider time, ValidationErrors errors)
    {
        if (!DateTime.TryParseExact(form["runAt"].ToString(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            errors.Add("run at", "must be a date and time (UTC)");
            return null;
        }

        var runAt = new DateTimeOffset(at, TimeSpan.Zero);
        if (runAt <= time.GetUtcNow())
        {
            errors.Add("run at", "must be in the future");
            return null;
        }

        return runAt;
    }

    private static string Missed(IFormCollection form, ValidationErrors errors)
    {
        var missed = form["missed"].ToString();
        if (missed is not (ScheduleStatus.MissedApply or ScheduleStatus.MissedSkip))
        {
            errors.Add("if missed", "must be apply (run it late, marked late) or skip");
        }

        return missed;
    }
}
