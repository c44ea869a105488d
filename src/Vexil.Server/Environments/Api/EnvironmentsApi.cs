using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Projects;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;

namespace Vexil.Server.Environments.Api;

/// <summary>/api/v1/projects/{project}/environments: environments, their versions, rulesets and change logs.</summary>
internal static class EnvironmentsApi
{
    private const int MaxChanges = 1000;

    public static RouteGroupBuilder MapEnvironmentsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments").WithTags("Environments");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer);
        group.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<CreateEnvironmentRequest>("application/json").Produces<EnvironmentResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{environment}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<EnvironmentResponse>();
        group.MapGet("/{environment}/ruleset", GetRulesetAsync).RequireAuthorization(VexilPolicies.Viewer);
        group.MapGet("/{environment}/changes", GetChangesAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ChangesResponse>();
        group.MapGet("/{environment}/version", WaitForVersionAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<KnownVersionResponse>();
        return group.MapEnvironmentSettingsApi();
    }

    private static async Task<IResult> ListAsync(string project, ProjectStore projects, EnvironmentStore store, CancellationToken cancellationToken)
    {
        if (await projects.GetAsync(project, cancellationToken) is null)
        {
            return NotFoundProblems.Project(project);
        }

        var environments = await store.ListAsync(project, cancellationToken);
        return TypedResults.Ok(environments.Select(e => EnvironmentResponse.From(e)).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, string environment, HttpContext context, EnvironmentStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(project, environment, cancellationToken);
        if (state is null)
        {
            return await NotFoundProblems.EnvironmentAsync(context, project, environment, cancellationToken);
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(EnvironmentResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateEnvironmentRequest>(context.Request);
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

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new CreateEnvironment(body.Key!, body.Name!), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentState>().ETag, (o, v) => EnvironmentResponse.From(o.State<EnvironmentState>(), v), created: true, location: $"/api/v1/projects/{project}/environments/{body.Key}");
    }

    private static async Task<IResult> GetRulesetAsync(string project, string environment, EnvironmentStore store, EnvironmentSnapshots snapshots, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(project, environment, cancellationToken);
        var snapshot = state is null ? null : await snapshots.GetAsync(state.Id, cancellationToken);
        return snapshot is null ? NotFound(project, environment) : TypedResults.Bytes(snapshot.Document, "application/json");
    }

    private static async Task<IResult> GetChangesAsync(string project, string environment, long? since, EnvironmentStore store, ChangeLog changeLog, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(project, environment, cancellationToken);
        if (state is null)
        {
            return NotFound(project, environment);
        }

        var from = since ?? 0;
        if (from < 0 || from > state.Version)
        {
            return JsonBody.Invalid("since", $"must be between 0 and the environment's version ({state.Version})");
        }

        // The page ends at a whole version: never half of one, and never past the version read above.
        var changes = await changeLog.ReadAsync(state.Id, from, MaxChanges, cancellationToken);
        var more = changes.Count == MaxChanges && changes[^1].Version <= state.Version;
        var reached = more ? changes[^1].Version - 1 : state.Version;
        if (reached == from && from < state.Version)
        {
            // One version larger than a page (a new environment in a big project): send that version whole.
            reached = from + 1;
            changes = await changeLog.ReadAsync(state.Id, from, int.MaxValue, cancellationToken);
            more = reached < state.Version;
        }

        return TypedResults.Ok(new ChangesResponse(from, reached, [.. changes.Where(c => c.Version <= reached)], more));
    }

    /// <summary>The latest version this server knows of; with <c>after</c>, waits (up to <c>wait</c> seconds) for a newer one.</summary>
    private static async Task<IResult> WaitForVersionAsync(
        string project,
        string environment,
        long? after,
        int? wait,
        EnvironmentStore store,
        EnvironmentVersionTracker tracker,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(project, environment, cancellationToken);
        if (state is null)
        {
            return NotFound(project, environment);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Clamp(wait ?? 0, 0, 60)), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (after is not null && tracker.Get(state.Id) <= after && !linked.IsCancellationRequested)
        {
            var changed = tracker.WaitForChangeAsync(linked.Token);
            if (tracker.Get(state.Id) > after)
            {
                break;
            }

            try
            {
                await changed;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return TypedResults.Ok(new KnownVersionResponse(environment, tracker.Get(state.Id)));
    }

    private static IResult NotFound(string project, string environment) => NotFoundProblems.Environment(project, environment);
}
