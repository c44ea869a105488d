using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance.Api;

/// <summary>/api/v1/projects/{project}/environments/{environment}/permissions: what each role may do there (administrators set it).</summary>
internal static class EnvironmentPermissionsApi
{
    public static RouteGroupBuilder MapEnvironmentPermissionsApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/permissions").WithTags("Governance");
        group.MapGet("/", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<EnvironmentPermissionsResponse>()
            .WithSummary("What each role may do in the environment: read, propose (writes become change requests) or write.");
        group.MapPut("/", PutAsync).RequireAuthorization(VexilPolicies.Administrator)
            .Accepts<EnvironmentPermissionsRequest>("application/json").Produces<EnvironmentPermissionsResponse>().ProducesValidationProblem()
            .WithSummary("Sets what editors and administrators may do in the environment (a level left out is write).");
        group.MapDelete("/", DeleteAsync).RequireAuthorization(VexilPolicies.Administrator)
            .WithSummary("Removes the environment's own permissions: editors and administrators write again.");
        return group;
    }

    private static async Task<IResult> GetAsync(string project, string environment, EnvironmentStore environments, EnvironmentPermissionStore permissions, CancellationToken cancellationToken) =>
        await environments.GetAsync(project, environment, cancellationToken) is { } state
            ? TypedResults.Ok(EnvironmentPermissionsResponse.From(environment, await permissions.GetAsync(state.Id, cancellationToken)))
            : NoEnvironment(project, environment);

    private static async Task<IResult> PutAsync(string project, string environment, HttpContext context, EnvironmentStore environments, EnvironmentPermissionStore permissions, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<EnvironmentPermissionsRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var set = EnvironmentPermissionsRules.Read(string.Empty, body!, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        if (await environments.GetAsync(project, environment, cancellationToken) is not { } state)
        {
            return NoEnvironment(project, environment);
        }

        var result = await permissions.PutAsync(state, set!, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(EnvironmentPermissionsResponse.From(environment, set!)) : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }

    private static async Task<IResult> DeleteAsync(string project, string environment, HttpContext context, EnvironmentStore environments, EnvironmentPermissionStore permissions, CancellationToken cancellationToken)
    {
        if (await environments.GetAsync(project, environment, cancellationToken) is not { } state)
        {
            return NoEnvironment(project, environment);
        }

        var result = await permissions.PutAsync(state, null, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok ? TypedResults.NoContent() : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }

    /// <summary>The permissions the request asks for, or null and every problem in <paramref name="errors"/> (the dashboard's form is checked here too).</summary>
    internal static EnvironmentPermissions? Check(EnvironmentPermissionsRequest body, ValidationErrors errors)
    {
        var read = EnvironmentPermissionsRules.Read(string.Empty, body, errors);
        return errors.IsEmpty ? read : null;
    }

    private static IResult NoEnvironment(string project, string environment) => NotFoundProblems.Environment(project, environment);
}
