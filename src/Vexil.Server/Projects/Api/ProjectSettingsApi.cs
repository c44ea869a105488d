using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;

namespace Vexil.Server.Projects.Api;

/// <summary>Archiving, restoring and ordering projects: typed changes through the recorder, with the role that creates and renames them.</summary>
internal static class ProjectSettingsApi
{
    /// <summary>Maps <c>POST /projects/reorder</c> on <paramref name="global"/> and <c>…/archive</c>, <c>…/restore</c> on <paramref name="project"/>.</summary>
    public static void MapProjectSettingsApi(this RouteGroupBuilder global, RouteGroupBuilder project)
    {
        global.MapPost("/reorder", ReorderAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<ReorderProjectsRequest>("application/json").Produces<ProjectResponse[]>().ProducesValidationProblem();
        project.MapPost("/archive", (string project, HttpContext context, ChangeRecorder recorder, CancellationToken ct) =>
            ArchiveAsync(project, true, context, recorder, ct)).RequireAuthorization(VexilPolicies.Editor).Produces<ProjectResponse>();
        project.MapPost("/restore", (string project, HttpContext context, ChangeRecorder recorder, CancellationToken ct) =>
            ArchiveAsync(project, false, context, recorder, ct)).RequireAuthorization(VexilPolicies.Editor).Produces<ProjectResponse>();
    }

    private static async Task<IResult> ArchiveAsync(string project, bool archived, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new ArchiveProject(archived, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<ProjectState>().ETag, (o, v) => ProjectResponse.From(o.State<ProjectState>(), null, v));
    }

    private static async Task<IResult> ReorderAsync(HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReorderProjectsRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Keys is not { Length: > 0 } keys)
        {
            return JsonBody.Invalid("keys", "is required: the projects' keys, in the order wanted (those left out follow)");
        }

        var result = await recorder.RecordAsync(ChangeSet.ForAllProjects(new ReorderProjects(keys), context.WriteContext()), cancellationToken);
        return result.Status == Storage.WriteStatus.Ok
            ? TypedResults.Ok(result.Value!.State<IReadOnlyList<ProjectState>>().Select(p => ProjectResponse.From(p)).ToArray())
            : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }
}
