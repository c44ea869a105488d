using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Environments.Api;

namespace Vexil.Server.Projects.Api;

/// <summary>/api/v1/projects: create, list, read, rename, archive, restore and order projects.</summary>
internal static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var global = api.MapGroup("/projects").WithTags("Projects").AddEndpointFilter<GlobalScopeFilter>();
        global.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer);
        global.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<CreateProjectRequest>("application/json").Produces<ProjectResponse>(StatusCodes.Status201Created).ProducesValidationProblem();

        var project = api.MapGroup("/projects/{project}").WithTags("Projects").AddEndpointFilter<ProjectScopeFilter>();
        project.MapGet("/", GetAsync).RequireAuthorization(VexilPolicies.Viewer);
        project.MapPut("/", UpdateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<UpdateProjectRequest>("application/json").Produces<ProjectResponse>().ProducesValidationProblem();
        global.MapProjectSettingsApi(project);
        return project;
    }

    /// <summary>Every project in order, each saying whether it is archived; <c>?archived=true</c> or <c>false</c> lists only those.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, ProjectStore projects, CancellationToken cancellationToken)
    {
        bool? archived = null;
        if (context.Request.Query.TryGetValue("archived", out var value))
        {
            if (value.Count != 1 || !bool.TryParse(value[0], out var parsed))
            {
                return JsonBody.Invalid("archived", "must be true or false");
            }

            archived = parsed;
        }

        var list = await projects.ListAsync(cancellationToken);
        return TypedResults.Ok(list.Where(p => archived is not { } only || p.Archived == only).Select(p => ProjectResponse.From(p)).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, HttpContext context, ProjectStore projects, EnvironmentStore environmentStore, CancellationToken cancellationToken)
    {
        var state = await projects.GetAsync(project, cancellationToken);
        if (state is null)
        {
            return NotFoundProblems.Project(project);
        }

        var environments = await environmentStore.ListAsync(project, cancellationToken);
        ETags.Set(context, state.ETag);
        return TypedResults.Ok(ProjectResponse.From(state, [.. environments.Select(e => EnvironmentResponse.From(e))]));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateProjectRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireKey("key", body!.Key);
        errors.RequireText("name", body.Name);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(body.Key!, new CreateProject(body.Name!), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<ProjectState>().ETag, (o, v) => ProjectResponse.From(o.State<ProjectState>(), null, v), created: true, location: $"/api/v1/projects/{body.Key}");
    }

    private static async Task<IResult> UpdateAsync(string project, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<UpdateProjectRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireText("name", body!.Name);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new RenameProject(body.Name!, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<ProjectState>().ETag, (o, v) => ProjectResponse.From(o.State<ProjectState>(), null, v));
    }
}
