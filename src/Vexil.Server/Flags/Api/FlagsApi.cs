using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags.Api;

/// <summary>/api/v1/projects/{project}/flags: the specs shared by all environments, search, archive, and promotion.</summary>
internal static class FlagsApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapFlagsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/flags").WithTags("Flags");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<FlagListResponse>().ProducesValidationProblem();
        group.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<FlagDefinitionRequest>("application/json").Produces<FlagResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{flag}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<FlagResponse>();
        group.MapPut("/{flag}", UpdateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<FlagDefinitionRequest>("application/json").Produces<FlagResponse>().ProducesValidationProblem();
        group.MapDelete("/{flag}", DeleteAsync).RequireAuthorization(VexilPolicies.Editor).Produces<FlagResponse>()
            .WithSummary("Deletes the flag from every environment; refused while another flag names it as a prerequisite.");
        group.MapPost("/{flag}/archive", ArchiveAsync).RequireAuthorization(VexilPolicies.Editor).Produces<FlagResponse>()
            .WithSummary("Archives the flag: it leaves every environment's ruleset, its targeting is kept for a restore.");
        group.MapPost("/{flag}/restore", RestoreAsync).RequireAuthorization(VexilPolicies.Editor).Produces<FlagResponse>()
            .WithSummary("Restores an archived flag with the targeting it had in each environment.");
        group.MapPost("/{flag}/promote", PromoteAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<PromoteRequest>("application/json").Produces<EnvironmentFlagResponse>().ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> ListAsync(
        string project,
        string? q,
        string? tag,
        string? environment,
        string? state,
        string? cursor,
        int? limit,
        bool? archived,
        ProjectStore projects,
        FlagStore flags,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        }

        bool? enabled = state switch
        {
            "on" => true,
            "off" => false,
            _ => null,
        };
        if (state is not null and not ("on" or "off"))
        {
            errors.Add("state", "must be on or off");
        }

        if (state is not null && environment is null)
        {
            errors.Add("environment", "is required to filter by state (a flag's state is per environment)");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        if (await projects.GetAsync(project, cancellationToken) is null)
        {
            return NotFoundProblems.Project(project);
        }

        var page = await flags.ListAsync(project, new FlagQuery(q, tag, environment, enabled, cursor, limit ?? DefaultPageSize, archived == true), cancellationToken);
        return TypedResults.Ok(new FlagListResponse([.. page.Items.Select(f => FlagResponse.From(f))], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string project, string flag, HttpContext context, FlagStore flags, CancellationToken cancellationToken)
    {
        var state = await flags.GetAsync(project, flag, cancellationToken);
        if (state is null)
        {
            return WriteResults.NotFound($"flag '{flag}' not found in project '{project}'");
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(FlagResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<FlagDefinitionRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = FlagRequestValidation.Check(body!, null);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var (spec, invalid) = FlagRequestValidation.ToSpec(body!, null);
        if (spec is null)
        {
            return invalid.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new CreateFlag(spec), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<FlagState>().ETag, (o, v) => FlagResponse.From(o.State<FlagState>(), v), created: true, location: $"/api/v1/projects/{project}/flags/{spec.Key}");
    }

    private static async Task<IResult> UpdateAsync(string project, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<FlagDefinitionRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = FlagRequestValidation.Check(body!, flag);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var (spec, invalid) = FlagRequestValidation.ToSpec(body!, flag);
        if (spec is null)
        {
            return invalid.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new UpdateFlag(spec, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<FlagState>().ETag, (o, v) => FlagResponse.From(o.State<FlagState>(), v));
    }

    private static Task<IResult> DeleteAsync(string project, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken) =>
        WithPreconditionAsync(context, precondition => recorder.RecordAsync(ChangeSet.Of(project, new DeleteFlag(flag, precondition), context.WriteContext()), cancellationToken));

    private static Task<IResult> ArchiveAsync(string project, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken) =>
        WithPreconditionAsync(context, precondition => recorder.RecordAsync(ChangeSet.Of(project, new ArchiveFlag(flag, true, precondition), context.WriteContext()), cancellationToken));

    private static Task<IResult> RestoreAsync(string project, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken) =>
        WithPreconditionAsync(context, precondition => recorder.RecordAsync(ChangeSet.Of(project, new ArchiveFlag(flag, false, precondition), context.WriteContext()), cancellationToken));

    private static async Task<IResult> WithPreconditionAsync(HttpContext context, Func<Precondition, Task<WriteResult<ChangeOutcome>>> write)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await write(precondition);
        return result.ToHttp(context, o => o.State<FlagState>().ETag, (o, v) => FlagResponse.From(o.State<FlagState>(), v));
    }

    private static async Task<IResult> PromoteAsync(string project, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<PromoteRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireKey("from", body!.From);
        errors.RequireKey("to", body.To);
        if (body.From is not null && body.From == body.To)
        {
            errors.Add("to", "must differ from 'from'");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new PromoteFlag(flag, body.From!, body.To!, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentFlagState>().ETag, (o, v) => EnvironmentFlagResponse.From(o.State<EnvironmentFlagState>(), v));
    }
}
