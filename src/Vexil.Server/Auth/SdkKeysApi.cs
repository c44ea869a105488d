using Vexil.Server.Api;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>
/// /api/v1/projects/{project}/environments/{environment}/sdk-keys: list, create (named; the other keys keep working),
/// rotate one key (with overlap), set a client key's browser origins, and revoke (at once).
/// </summary>
internal static class SdkKeysApi
{
    public static void MapSdkKeysApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/sdk-keys").WithTags("SDK keys").RequireAuthorization(VexilPolicies.Administrator);
        group.MapGet("/", ListAsync).Produces<SdkKeyResponse[]>();
        group.MapPost("/", CreateAsync).Accepts<CreateSdkKeyRequest>("application/json").Produces<SdkKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/rotate", RotateAsync).Accepts<RotateSdkKeyRequest>("application/json").Produces<SdkKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:long}", UpdateAsync).Accepts<UpdateSdkKeyRequest>("application/json").Produces<SdkKeyResponse>().ProducesValidationProblem();
        group.MapPost("/{id:long}/revoke", RevokeAsync);
    }

    private static async Task<IResult> ListAsync(string project, string environment, AuthStore store, EnvironmentStore environments, TimeProvider time, CancellationToken cancellationToken)
    {
        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return EnvironmentNotFound(project, environment);
        }

        var now = time.GetUtcNow();
        var keys = await store.ListSdkKeysAsync(env.Id, cancellationToken);
        return TypedResults.Ok(keys.Select(k => ToResponse(k, now)).ToArray());
    }

    private static async Task<IResult> CreateAsync(string project, string environment, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateSdkKeyRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (body!.Kind is null || !SdkKeyKind.IsValid(body.Kind))
        {
            errors.Add("kind", "must be server or client");
        }

        if (body.Name is not null && !SdkKeyNames.IsValid(body.Name))
        {
            errors.Add("name", $"must be 1 to {SdkKeyNames.MaxLength} letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        if (body.OverlapSeconds is not null)
        {
            errors.Add("overlapSeconds", "creating a key replaces no other key; to replace one, POST …/sdk-keys/{id}/rotate with overlapSeconds");
        }

        var origins = AllowedOrigins.Validate("allowedOrigins", body.AllowedOrigins, body.Kind ?? string.Empty, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return EnvironmentNotFound(project, environment);
        }

        var secret = NewSecret(body.Kind!);
        var created = await store.CreateSdkKeyAsync(env.Id, body.Kind!, body.Name, SecretTokens.Hash(secret), SecretTokens.Hint(secret), origins ?? [], context.WriteContext(), cancellationToken);
        sdkKeys.Clear();
        return Answer(created, project, environment, secret, time);
    }

    private static async Task<IResult> RotateAsync(string project, string environment, long id, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, StreamKeyChecker streams, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RotateSdkKeyRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        var existing = env is null ? null : (await store.ListSdkKeysAsync(env.Id, cancellationToken)).FirstOrDefault(k => k.Id == id);
        if (existing is null)
        {
            return env is null ? EnvironmentNotFound(project, environment) : KeyNotFound(project, environment, id);
        }

        var errors = new ValidationErrors();
        if (body!.OverlapSeconds is < 0 or > 30 * 24 * 3600)
        {
            errors.Add("overlapSeconds", "must be between 0 and 2592000 (30 days)");
        }

        var origins = AllowedOrigins.Validate("allowedOrigins", body.AllowedOrigins, existing.Kind, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var secret = NewSecret(existing.Kind);
        var rotated = await store.RotateSdkKeyAsync(env!.Id, id, SecretTokens.Hash(secret), SecretTokens.Hint(secret), TimeSpan.FromSeconds(body.OverlapSeconds ?? 0), origins, context.WriteContext(), cancellationToken);
        sdkKeys.Clear();
        streams.RequestCheck(); // a rotation without overlap expires the old key now
        return Answer(rotated, project, environment, secret, time);
    }

    private static string NewSecret(string kind) =>
        SecretTokens.New(kind == SdkKeyKind.Server ? SecretTokens.ServerKeyPrefix : SecretTokens.ClientKeyPrefix);

    private static IResult Answer(WriteResult<SdkKeyState> result, string project, string environment, string secret, TimeProvider time) => result.Status switch
    {
        WriteStatus.Ok => TypedResults.Created($"/api/v1/projects/{project}/environments/{environment}/sdk-keys/{result.Value!.Id}", ToResponse(result.Value, time.GetUtcNow()) with { Key = secret }),
        WriteStatus.NotFound => WriteResults.NotFound(result.Detail ?? "No such SDK key."),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: result.Detail),
    };

    private static IResult KeyNotFound(string project, string environment, long id) =>
        WriteResults.NotFound($"There is no SDK key {id} in environment '{environment}' of project '{project}' (or it is already revoked).");

    private static IResult EnvironmentNotFound(string project, string environment) =>
        NotFoundProblems.Environment(project, environment);

    private static async Task<IResult> UpdateAsync(string project, string environment, long id, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<UpdateSdkKeyRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        var existing = env is null ? null : (await store.ListSdkKeysAsync(env.Id, cancellationToken)).FirstOrDefault(k => k.Id == id);
        if (existing is null)
        {
            return env is null ? EnvironmentNotFound(project, environment) : KeyNotFound(project, environment, id);
        }

        var errors = new ValidationErrors();
        if (body!.AllowedOrigins is null)
        {
            errors.Add("allowedOrigins", "is required");
        }

        var origins = AllowedOrigins.Validate("allowedOrigins", body.AllowedOrigins, existing.Kind, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var updated = await store.SetSdkKeyOriginsAsync(env!.Id, id, origins!, context.WriteContext(), cancellationToken);
        sdkKeys.Clear();
        return updated is null ? KeyNotFound(project, environment, id) : TypedResults.Ok(ToResponse(updated, time.GetUtcNow()));
    }

    private static async Task<IResult> RevokeAsync(string project, string environment, long id, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, StreamKeyChecker streams, CancellationToken cancellationToken)
    {
        var env = await environments.GetAsync(project, environment, cancellationToken);
        var revoked = env is not null && await store.RevokeSdkKeyAsync(env.Id, id, context.WriteContext(), cancellationToken);
        sdkKeys.Clear();
        streams.RequestCheck(); // this replica's streams of the key end now; other replicas' within the check interval
        return revoked ? TypedResults.NoContent() : env is null ? EnvironmentNotFound(project, environment) : KeyNotFound(project, environment, id);
    }

    private static SdkKeyResponse ToResponse(SdkKeyState k, DateTimeOffset now) =>
        new(k.Id, k.Kind, k.Name, k.Hint, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsActive(now), k.AllowedOrigins);
}
