using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;

namespace Vexil.Server.Flags.Api;

/// <summary>/api/v1/projects/{project}/environments/{environment}/flags/{flag}: one environment's targeting, and the kill switch.</summary>
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

    private static async Task<IResult> GetAsync(string project, string environment, string flag, HttpContext context, FlagStore flags, CancellationToken cancellationToken)
    {
        var state = await flags.GetInEnvironmentAsync(project, environment, flag, cancellationToken);
        if (state is null)
        {
            return await NotFoundProblems.InEnvironmentAsync(context, project, environment, $"flag '{flag}' not found in project '{project}'", cancellationToken);
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(EnvironmentFlagResponse.From(state));
    }

    private static async Task<IResult> UpdateAsync(string project, string environment, string flag, HttpContext context, FlagStore flags, ChangeRecorder recorder, CancellationToken cancellationToken)
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

        // The spec the targeting is read against; the recorder checks the If-Match, so a spec changed meanwhile fails there.
        var current = await flags.GetInEnvironmentAsync(project, environment, flag, cancellationToken);
        if (current is null)
        {
            return await NotFoundProblems.InEnvironmentAsync(context, project, environment, $"flag '{flag}' not found in project '{project}'", cancellationToken);
        }

        var (targeting, invalid) = FlagRequestValidation.ToTargeting(body!, current.Spec);
        if (targeting is null)
        {
            return invalid.ToResult();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new ConfigureFlag(environment, flag, targeting, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentFlagState>().ETag, (o, v) => EnvironmentFlagResponse.From(o.State<EnvironmentFlagState>(), v));
    }

    private static async Task<IResult> ToggleAsync(string project, string environment, string flag, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
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

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new ToggleFlag(environment, flag, enabled, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentFlagState>().ETag, (o, v) => EnvironmentFlagResponse.From(o.State<EnvironmentFlagState>(), v));
    }
}
