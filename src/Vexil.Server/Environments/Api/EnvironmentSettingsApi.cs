using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;

namespace Vexil.Server.Environments.Api;

/// <summary>Renaming, archiving, restoring and ordering a project's environments: typed changes through the recorder.</summary>
internal static class EnvironmentSettingsApi
{
    public static RouteGroupBuilder MapEnvironmentSettingsApi(this RouteGroupBuilder environments)
    {
        environments.MapPut("/{environment}", RenameAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<UpdateEnvironmentRequest>("application/json").Produces<EnvironmentResponse>().ProducesValidationProblem();
        environments.MapPost("/{environment}/archive", (string project, string environment, HttpContext context, ChangeRecorder recorder, CancellationToken ct) =>
            ArchiveAsync(project, environment, true, context, recorder, ct)).RequireAuthorization(VexilPolicies.Editor).Produces<EnvironmentResponse>();
        environments.MapPost("/{environment}/restore", (string project, string environment, HttpContext context, ChangeRecorder recorder, CancellationToken ct) =>
            ArchiveAsync(project, environment, false, context, recorder, ct)).RequireAuthorization(VexilPolicies.Editor).Produces<EnvironmentResponse>();
        environments.MapPost("/reorder", ReorderAsync).RequireAuthorization(VexilPolicies.Editor)
            .Accepts<ReorderEnvironmentsRequest>("application/json").Produces<EnvironmentResponse[]>().ProducesValidationProblem();
        return environments;
    }

    private static async Task<IResult> RenameAsync(string project, string environment, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<UpdateEnvironmentRequest>(context.Request);
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

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new RenameEnvironment(environment, body.Name!.Trim(), precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentState>().ETag, (o, v) => EnvironmentResponse.From(o.State<EnvironmentState>(), v));
    }

    private static async Task<IResult> ArchiveAsync(string project, string environment, bool archived, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new ArchiveEnvironment(environment, archived, precondition), context.WriteContext()), cancellationToken);
        return result.ToHttp(context, o => o.State<EnvironmentState>().ETag, (o, v) => EnvironmentResponse.From(o.State<EnvironmentState>(), v));
    }

    private static async Task<IResult> ReorderAsync(string project, HttpContext context, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReorderEnvironmentsRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Keys is not { Length: > 0 } keys)
        {
            return JsonBody.Invalid("keys", "is required: the environments' keys, in the order wanted (those left out follow)");
        }

        var result = await recorder.RecordAsync(ChangeSet.Of(project, new ReorderEnvironments(keys), context.WriteContext()), cancellationToken);
        return result.Status == Storage.WriteStatus.Ok
            ? TypedResults.Ok(result.Value!.State<IReadOnlyList<EnvironmentState>>().Select(e => EnvironmentResponse.From(e)).ToArray())
            : result.ToHttp(context, _ => string.Empty, (_, _) => new object());
    }
}
