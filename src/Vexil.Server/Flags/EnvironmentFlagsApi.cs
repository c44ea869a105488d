using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags;

/// <summary>/api/v1/projects/{project}/environments/{environment}/flags/{flag}: one environment's configuration, and the kill switch.</summary>
internal static class EnvironmentFlagsApi
{
    public static RouteGroupBuilder MapEnvironmentFlagsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/flags/{flag}").WithTags("Flags");
        group.MapGet("/", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<EnvironmentFlagResponse>();
        group.MapPut("/", UpdateAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<FlagConfigRequest>("application/json").Produces<EnvironmentFlagResponse>().ProducesValidationProblem();
        group.MapPut("/enabled", ToggleAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<ToggleRequest>("application/json").Produces<EnvironmentFlagResponse>().ProducesValidationProblem()
            .WithSummary("Kill switch: turns the flag on or off in this environment, changing nothing else.");
        return group;
    }

    private static async Task<IResult> GetAsync(string project, string environment, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetEnvironmentFlagAsync(project, environment, flag, cancellationToken);
        if (state is null)
        {
            return WriteResults.NotFound();
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(EnvironmentFlagResponse.From(state));
    }

    private static async Task<IResult> UpdateAsync(string project, string environment, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<FlagConfigRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = FlagRequestValidation.Check(body!);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var config = FlagRequestValidation.ToConfig(body!);
        var result = await store.UpdateFlagConfigAsync(project, environment, flag, _ => config, "flag.configure", precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => EnvironmentFlagResponse.From(f, v));
    }

    private static async Task<IResult> ToggleAsync(string project, string environment, string flag, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<ToggleRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Enabled is not { } enabled)
        {
            return JsonBody.Invalid("enabled", "is required");
        }

        var result = await store.UpdateFlagConfigAsync(
            project,
            environment,
            flag,
            c => c with { Enabled = enabled },
            enabled ? "flag.on" : "flag.off",
            precondition,
            context.WriteContext(),
            cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => EnvironmentFlagResponse.From(f, v));
    }
}
