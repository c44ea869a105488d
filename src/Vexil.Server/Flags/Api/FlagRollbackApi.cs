using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;

namespace Vexil.Server.Flags.Api;

/// <summary>
/// POST …/environments/{environment}/flags/{flag}/rollback?toVersion=N: puts back the flag's targeting in this
/// environment as it was at environment version N (from the change log), as a new write: new version, audited, If-Match.
/// </summary>
internal static class FlagRollbackApi
{
    public static RouteGroupBuilder MapFlagRollbackApi(this RouteGroupBuilder project)
    {
        project.MapPost("/environments/{environment}/flags/{flag}/rollback", RollbackAsync).WithTags("Flags")
            .RequireAuthorization(VexilPolicies.Editor)
            .Produces<EnvironmentFlagResponse>().ProducesValidationProblem()
            .WithSummary("Restores the flag's targeting in this environment to what it was at an earlier environment version (the flag's spec, shared by every environment, is not changed).");
        return project;
    }

    private static async Task<IResult> RollbackAsync(string project, string environment, string flag, long? toVersion, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        if (toVersion is not { } version || version < 1)
        {
            return JsonBody.Invalid("toVersion", "is required: an earlier version of the environment (1 or more)");
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new RollbackFlag(environment, flag, version, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentFlagState>().ETag, (o, v) => EnvironmentFlagResponse.From(o.State<EnvironmentFlagState>(), v));
    }
}
