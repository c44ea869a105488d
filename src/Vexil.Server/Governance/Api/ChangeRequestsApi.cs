using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance.Api;

/// <summary>/api/v1/projects/{project}/change-requests: open, list, show, edit, withdraw, review, rebase and apply change requests.</summary>
internal static class ChangeRequestsApi
{
    private const int MaxList = 500;

    public static RouteGroupBuilder MapChangeRequestsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/change-requests").WithTags("Governance");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ChangeRequestResponse[]>();
        group.MapPost("/", OpenAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<OpenChangeRequestRequest>("application/json").Produces<ChangeRequestResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ChangeRequestResponse>();
        group.MapPatch("/{id:long}", EditAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<OpenChangeRequestRequest>("application/json").Produces<ChangeRequestResponse>().ProducesValidationProblem()
            .WithSummary("The author edits the title, the description or the changes (new changes start the approvals over).");
        group.MapPost("/{id:long}/approve", ApproveAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>();
        group.MapPost("/{id:long}/reject", RejectAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>();
        group.MapPost("/{id:long}/comments", CommentAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>();
        group.MapPost("/{id:long}/withdraw", WithdrawAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>();
        group.MapPost("/{id:long}/rebase", RebaseAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>()
            .WithSummary("Proposes the request's changes again against what is current (after a conflict); approvals start over.");
        group.MapPost("/{id:long}/apply", ApplyAsync).RequireAuthorization(VexilPolicies.Editor).Produces<ChangeRequestResponse>()
            .WithSummary("Applies an approved request in one transaction; 409 names what moved since it was proposed.");
        return group;
    }

    private static async Task<IResult> ListAsync(string project, string? status, string? environment, string? flag, int? limit, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        if (status is not null && !ChangeRequestStatus.All.Contains(status))
        {
            return JsonBody.Invalid("status", $"must be one of {string.Join(", ", ChangeRequestStatus.All)}");
        }

        if (limit is < 1 or > MaxList)
        {
            return JsonBody.Invalid("limit", $"must be from 1 to {MaxList}");
        }

        var list = await store.ListAsync(project, status, environment, flag, limit ?? 100, cancellationToken);
        return TypedResults.Ok(list.Select(s => ChangeRequestResponse.From(s, [])).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, long id, HttpContext context, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(project, id, cancellationToken) is not { } state)
        {
            return WriteResults.NotFound($"No change request {id} in project '{project}'.");
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(ChangeRequestResponse.From(state, await store.ReviewsAsync(id, cancellationToken)));
    }

    private static async Task<IResult> OpenAsync(string project, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<OpenChangeRequestRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireText("title", body!.Title);
        var changes = ReadChanges(body, errors, required: true);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await requests.OpenAsync(project, changes!, body.Title, body.Description, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created(ChangeRequestResponse.Location(result.Value!), ChangeRequestResponse.From(result.Value!, []))
            : await AnswerAsync(result, context, store, cancellationToken);
    }

    private static async Task<IResult> EditAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<OpenChangeRequestRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (body!.Title is not null)
        {
            errors.RequireText("title", body.Title);
        }

        var changes = ReadChanges(body, errors, required: false);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        return await AnswerAsync(await requests.EditAsync(project, id, body.Title, body.Description, changes, context.WriteContext(), cancellationToken), context, store, cancellationToken);
    }

    private static async Task<IResult> ApproveAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (comment, problem) = await CommentOfAsync(context, required: false);
        return problem ?? await AnswerAsync(await requests.ApproveAsync(project, id, ReviewerOf(context), comment, cancellationToken), context, store, cancellationToken);
    }

    private static async Task<IResult> RejectAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (comment, problem) = await CommentOfAsync(context, required: false);
        return problem ?? await AnswerAsync(await requests.RejectAsync(project, id, ReviewerOf(context), comment, cancellationToken), context, store, cancellationToken);
    }

    private static async Task<IResult> CommentAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (comment, problem) = await CommentOfAsync(context, required: true);
        return problem ?? await AnswerAsync(await requests.CommentAsync(project, id, context.WriteContext(), comment!, cancellationToken), context, store, cancellationToken);
    }

    private static async Task<IResult> WithdrawAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken) =>
        await AnswerAsync(await requests.WithdrawAsync(project, id, context.WriteContext(), cancellationToken), context, store, cancellationToken);

    private static async Task<IResult> RebaseAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken) =>
        await AnswerAsync(await requests.RebaseAsync(project, id, context.WriteContext(), cancellationToken), context, store, cancellationToken);

    private static async Task<IResult> ApplyAsync(string project, long id, HttpContext context, ChangeRequests requests, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        var (result, conflicts) = await requests.ApplyAsync(project, id, context.WriteContext(), cancellationToken);
        if (conflicts.Count == 0)
        {
            return await AnswerAsync(result, context, store, cancellationToken);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The change request's objects moved since it was proposed",
            detail: result.Detail,
            extensions: new Dictionary<string, object?>
            {
                ["conflicts"] = conflicts.Select(c => new ChangeConflict(c.Base.Describe(), c.Base.Kind.ToString().ToLowerInvariant(), c.Base.Environment, c.Base.Key, c.Base.ETag, c.Now.ETag, c.Base.State, c.Now.State)).ToArray(),
                ["rebase"] = $"/api/v1/projects/{project}/change-requests/{id}/rebase",
            });
    }

    private static IReadOnlyList<Change>? ReadChanges(OpenChangeRequestRequest body, ValidationErrors errors, bool required)
    {
        if (body.Changes is not { } element)
        {
            if (required)
            {
                errors.Add("changes", "is required");
            }

            return null;
        }

        var (changes, invalid) = ChangeJson.ReadAll(element);
        errors.AddRange(invalid);
        return changes;
    }

    private static async Task<(string? Comment, IResult? Problem)> CommentOfAsync(HttpContext context, bool required)
    {
        if (!required && (context.Request.ContentLength ?? 0) == 0 && !context.Request.HasJsonContentType())
        {
            return (null, null);
        }

        var (body, problem) = await JsonBody.ReadAsync<ReviewRequest>(context.Request);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (string.IsNullOrWhiteSpace(body!.Comment))
        {
            return required ? (null, JsonBody.Invalid("comment", "is required")) : (null, null);
        }

        return body.Comment.Length > 10_000 ? (null, JsonBody.Invalid("comment", "must be at most 10000 characters")) : (body.Comment, null);
    }

    private static Reviewer ReviewerOf(HttpContext context) => new(context.WriteContext(), context.User.RoleOf() ?? Role.Viewer);

    private static async Task<IResult> AnswerAsync(WriteResult<ChangeRequestState> result, HttpContext context, ChangeRequestStore store, CancellationToken cancellationToken)
    {
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        ETags.Set(context, result.Value!.ETag);
        return TypedResults.Ok(ChangeRequestResponse.From(result.Value!, await store.ReviewsAsync(result.Value!.Id, cancellationToken)));
    }
}
