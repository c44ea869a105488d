using System.Globalization;
using System.Text.Json;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags;

/// <summary>
/// POST …/environments/{environment}/flags/{flag}/rollback?toVersion=N: puts back the flag's configuration in this
/// environment as it was at environment version N (from the change log), as a new write: new version, audited, If-Match.
/// </summary>
internal static class FlagRollbackApi
{
    public const string Action = "flag.rollback";

    public static RouteGroupBuilder MapFlagRollbackApi(this RouteGroupBuilder project)
    {
        project.MapPost("/environments/{environment}/flags/{flag}/rollback", RollbackAsync).WithTags("Flags")
            .RequireAuthorization(VexilPolicies.Editor)
            .Produces<EnvironmentFlagResponse>().ProducesValidationProblem()
            .WithSummary("Restores the flag's configuration in this environment to what it was at an earlier environment version (the flag's definition, shared by every environment, is not changed).");
        return project;
    }

    private static async Task<IResult> RollbackAsync(string project, string environment, string flag, long? toVersion, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var target = await store.GetEnvironmentAsync(project, environment, cancellationToken);
        if (target is null || await store.GetEnvironmentFlagAsync(project, environment, flag, cancellationToken) is null)
        {
            return WriteResults.NotFound();
        }

        if (toVersion is not { } version || version < 1)
        {
            return JsonBody.Invalid("toVersion", "is required: an earlier version of the environment (1 or more)");
        }

        if (version > target.Version)
        {
            return JsonBody.Invalid("toVersion", string.Create(CultureInfo.InvariantCulture, $"is after the environment's current version {target.Version}"));
        }

        var change = await store.GetFlagChangeAtAsync(target.Id, flag, version, cancellationToken);
        if (change is not { Operation: "upsert", Payload: { } payload })
        {
            return JsonBody.Invalid("toVersion", string.Create(CultureInfo.InvariantCulture, $"the flag did not exist in this environment at version {version}"));
        }

        var config = FlagRequestValidation.ToConfig(payload.Deserialize<FlagConfigRequest>(JsonSerializerOptions.Web)!);
        var write = context.WriteContext();
        write = write with { Comment = write.Comment ?? string.Create(CultureInfo.InvariantCulture, $"rolled back to version {version}") };
        var result = await store.UpdateFlagConfigAsync(project, environment, flag, _ => config, Action, precondition, write, cancellationToken);
        return result.ToHttp(context, f => f.ETag, (f, v) => EnvironmentFlagResponse.From(f, v));
    }
}
