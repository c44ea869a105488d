using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags;

/// <summary>/api/v1/projects/{project}/flags: the definitions shared by all environments, search, and promotion.</summary>
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
        group.MapDelete("/{flag}", DeleteAsync).RequireAuthorization(VexilPolicies.Editor).Produces<FlagResponse>();
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
        IControlPlaneStore store,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        }

        bool? enabled = state switch
        {
            null => null,
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

        if (await store.GetProjectAsync(project, cancellationToken) is null)
        {
            return WriteResults.NotFound();
        }

        var page = await store.ListFlagsAsync(project, new FlagQuery(q, tag, environment, enabled, cursor, limit ?? DefaultPageSize), cancellationToken);
        return TypedResults.Ok(new FlagListResponse([.. page.Items.Select(f => FlagResponse.From(f))], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string project, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetFlagAsync(project, flag, cancellationToken);
        if (state is null)
        {
            return WriteResults.NotFound();
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(FlagResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
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

        var definition = FlagRequestValidation.ToDefinition(body!, null);
        var result = await store.CreateFlagAsync(project, definition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => FlagResponse.From(f, v), created: true, location: $"/api/v1/projects/{project}/flags/{definition.Key}");
    }

    private static async Task<IResult> UpdateAsync(string project, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
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

        var result = await store.UpdateFlagAsync(project, FlagRequestValidation.ToDefinition(body!, flag), precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => FlagResponse.From(f, v));
    }

    private static async Task<IResult> DeleteAsync(string project, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await store.DeleteFlagAsync(project, flag, precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => FlagResponse.From(f, v));
    }

    private static async Task<IResult> PromoteAsync(string project, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
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

        var result = await store.PromoteFlagAsync(project, flag, body.From!, body.To!, precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => EnvironmentFlagResponse.From(f, v));
    }
}
