using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance.Api;

/// <summary>/api/v1/projects/{project}/schedules: changes applied at a time (listed by environment and flag), edited or cancelled while pending.</summary>
internal static class SchedulesApi
{
    private const int MaxList = 500;

    public static RouteGroupBuilder MapSchedulesApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/schedules").WithTags("Governance");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ScheduleResponse[]>()
            .WithSummary("Schedules, soonest first; ?environment= and ?flag= list what is coming for one environment or flag.");
        group.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<ScheduleRequest>("application/json").Produces<ScheduleResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ScheduleResponse>();
        group.MapPatch("/{id:long}", EditAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<ScheduleRequest>("application/json").Produces<ScheduleResponse>().ProducesValidationProblem();
        group.MapDelete("/{id:long}", CancelAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ScheduleResponse>()
            .WithSummary("Cancels a pending schedule (it stays listed as cancelled).");
        return group;
    }

    private static async Task<IResult> ListAsync(string project, string? status, string? environment, string? flag, int? limit, ScheduleStore store, CancellationToken cancellationToken)
    {
        if (status is not null && !ScheduleStatus.All.Contains(status))
        {
            return JsonBody.Invalid("status", $"must be one of {string.Join(", ", ScheduleStatus.All)}");
        }

        if (limit is < 1 or > MaxList)
        {
            return JsonBody.Invalid("limit", $"must be from 1 to {MaxList}");
        }

        var list = await store.ListAsync(project, status, environment, flag, limit ?? 100, cancellationToken);
        return TypedResults.Ok(list.Select(ScheduleResponse.From).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, long id, HttpContext context, ScheduleStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(project, id, cancellationToken) is not { } state)
        {
            return WriteResults.NotFound($"No schedule {id} in project '{project}'.");
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(ScheduleResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, Schedules schedules, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ScheduleRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        Check(body!, errors, time, creating: true);
        IReadOnlyList<Change>? changes = null;
        if (body!.Changes is { } element)
        {
            if (body.ChangeRequest is not null)
            {
                errors.Add("changes", "must not be given with changeRequest: a schedule applies one or the other");
            }

            (changes, var invalid) = ChangeJson.ReadAll(element);
            errors.AddRange(invalid);
        }
        else if (body.ChangeRequest is null)
        {
            errors.Add("changes", "is required (or changeRequest, the id of an approved change request)");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await schedules.CreateAsync(project, changes, body.ChangeRequest, body.Title, body.RunAt!.Value, body.Missed ?? ScheduleStatus.MissedApply, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created(ScheduleResponse.Location(result.Value!), ScheduleResponse.From(result.Value!))
            : Answer(result, context);
    }

    private static async Task<IResult> EditAsync(string project, long id, HttpContext context, Schedules schedules, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ScheduleRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        Check(body!, errors, time, creating: false);
        if (body!.ChangeRequest is not null)
        {
            errors.Add("changeRequest", "cannot be changed; cancel this schedule and schedule the change request");
        }

        IReadOnlyList<Change>? changes = null;
        if (body.Changes is { } element)
        {
            (changes, var invalid) = ChangeJson.ReadAll(element);
            errors.AddRange(invalid);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        return Answer(await schedules.EditAsync(project, id, body.Title, body.RunAt, body.Missed, changes, context.WriteContext(), cancellationToken), context);
    }

    private static async Task<IResult> CancelAsync(string project, long id, HttpContext context, Schedules schedules, CancellationToken cancellationToken) =>
        Answer(await schedules.CancelAsync(project, id, context.WriteContext(), cancellationToken), context);

    private static void Check(ScheduleRequest body, ValidationErrors errors, TimeProvider time, bool creating)
    {
        if (body.Title is not null)
        {
            errors.RequireText("title", body.Title);
        }

        if (body.RunAt is { } runAt)
        {
            if (runAt <= time.GetUtcNow())
            {
                errors.Add("runAt", "must be in the future");
            }
        }
        else if (creating)
        {
            errors.Add("runAt", "is required (an ISO 8601 time with its offset, e.g. 2026-12-14T09:00:00+01:00)");
        }

        if (body.Missed is not null and not (ScheduleStatus.MissedApply or ScheduleStatus.MissedSkip))
        {
            errors.Add("missed", "must be apply (run it late, marked late) or skip");
        }
    }

    private static IResult Answer(WriteResult<ScheduledChangeState> result, HttpContext context)
    {
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        ETags.Set(context, result.Value!.ETag);
        return TypedResults.Ok(ScheduleResponse.From(result.Value!));
    }
}
