using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance.Api;

/// <summary>/api/v1/projects/{project}/environments/{environment}/policy: the environment's change policy (administrators set it).</summary>
internal static class ChangePolicyApi
{
    public static RouteGroupBuilder MapChangePolicyApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/policy").WithTags("Governance");
        group.MapGet("/", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<ChangePolicyResponse>();
        group.MapPut("/", PutAsync).RequireAuthorization(VexilPolicies.Administrator)
            .Accepts<ChangePolicyRequest>("application/json").Produces<ChangePolicyResponse>().ProducesValidationProblem()
            .WithSummary("Sets the environment's change policy: every write that reaches it becomes a change request.");
        group.MapDelete("/", DeleteAsync).RequireAuthorization(VexilPolicies.Administrator).WithSummary("Removes the environment's change policy.");
        return group;
    }

    private static async Task<IResult> GetAsync(string project, string environment, EnvironmentStore environments, ChangePolicyStore policies, CancellationToken cancellationToken)
    {
        if (await environments.GetAsync(project, environment, cancellationToken) is not { } state)
        {
            return NoEnvironment(project, environment);
        }

        return await policies.GetAsync(state.Id, cancellationToken) is { } policy
            ? TypedResults.Ok(ChangePolicyResponse.From(environment, policy))
            : WriteResults.NotFound($"Environment '{environment}' has no change policy.");
    }

    private static async Task<IResult> PutAsync(string project, string environment, HttpContext context, EnvironmentStore environments, ChangePolicyStore policies, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ChangePolicyRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var policy = EnvironmentPermissionsRules.Read(string.Empty, body!, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        if (await environments.GetAsync(project, environment, cancellationToken) is not { } state)
        {
            return NoEnvironment(project, environment);
        }

        var result = await policies.PutAsync(state, policy!, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok ? TypedResults.Ok(ChangePolicyResponse.From(environment, policy!)) : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }

    private static async Task<IResult> DeleteAsync(string project, string environment, HttpContext context, EnvironmentStore environments, ChangePolicyStore policies, CancellationToken cancellationToken)
    {
        if (await environments.GetAsync(project, environment, cancellationToken) is not { } state)
        {
            return NoEnvironment(project, environment);
        }

        var result = await policies.PutAsync(state, null, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok ? TypedResults.NoContent() : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }

    /// <summary>The policy the request asks for, or null and every problem in <paramref name="errors"/> (the dashboard's form is checked here too).</summary>
    internal static ChangePolicy? Check(ChangePolicyRequest body, ValidationErrors errors)
    {
        var read = EnvironmentPermissionsRules.Read(string.Empty, body, errors);
        return errors.IsEmpty ? read : null;
    }

    private static IResult NoEnvironment(string project, string environment) => WriteResults.NotFound($"No environment '{environment}' in project '{project}'.");
}
