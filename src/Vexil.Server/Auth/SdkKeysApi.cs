using Vexil.Server.Api;
using Vexil.Server.Delivery;
using Vexil.Server.Environments;

namespace Vexil.Server.Auth;

/// <summary>
/// /api/v1/projects/{project}/environments/{environment}/sdk-keys: list, rotate (with overlap), set a client key's
/// browser origins, and revoke (at once).
/// </summary>
internal static class SdkKeysApi
{
    public static void MapSdkKeysApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/environments/{environment}/sdk-keys").WithTags("SDK keys").RequireAuthorization(VexilPolicies.Administrator);
        group.MapGet("/", ListAsync).Produces<SdkKeyResponse[]>();
        group.MapPost("/", RotateAsync).Accepts<RotateSdkKeyRequest>("application/json").Produces<SdkKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id:long}", UpdateAsync).Accepts<UpdateSdkKeyRequest>("application/json").Produces<SdkKeyResponse>().ProducesValidationProblem();
        group.MapPost("/{id:long}/revoke", RevokeAsync);
    }

    private static async Task<IResult> ListAsync(string project, string environment, AuthStore store, EnvironmentStore environments, TimeProvider time, CancellationToken cancellationToken)
    {
        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return WriteResults.NotFound();
        }

        var now = time.GetUtcNow();
        var keys = await store.ListSdkKeysAsync(env.Id, cancellationToken);
        return TypedResults.Ok(keys.Select(k => ToResponse(k, now)).ToArray());
    }

    private static async Task<IResult> RotateAsync(string project, string environment, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, StreamKeyChecker streams, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RotateSdkKeyRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (body!.Kind is null || !SdkKeyKind.IsValid(body.Kind))
        {
            errors.Add("kind", "must be server or client");
        }

        if (body.OverlapSeconds is < 0 or > 30 * 24 * 3600)
        {
            errors.Add("overlapSeconds", "must be between 0 and 2592000 (30 days)");
        }

        var origins = AllowedOrigins.Validate("allowedOrigins", body.AllowedOrigins, body.Kind ?? string.Empty, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var env = await environments.GetAsync(project, environment, cancellationToken);
        if (env is null)
        {
            return WriteResults.NotFound();
        }

        var now = time.GetUtcNow();
        if (origins is null && body.Kind == SdkKeyKind.Client)
        {
            // A rotation keeps the origins of the client key it replaces.
            var keys = await store.ListSdkKeysAsync(env.Id, cancellationToken);
            origins = keys.LastOrDefault(k => k.Kind == SdkKeyKind.Client && k.IsActive(now))?.AllowedOrigins;
        }

        var secret = SecretTokens.New(body.Kind == SdkKeyKind.Server ? SecretTokens.ServerKeyPrefix : SecretTokens.ClientKeyPrefix);
        var key = await store.RotateSdkKeyAsync(env.Id, body.Kind!, SecretTokens.Hash(secret), SecretTokens.Hint(secret), TimeSpan.FromSeconds(body.OverlapSeconds ?? 0), context.WriteContext(), cancellationToken);
        if (origins is { Count: > 0 })
        {
            key = await store.SetSdkKeyOriginsAsync(env.Id, key.Id, origins, context.WriteContext(), cancellationToken) ?? key;
        }

        sdkKeys.Clear();
        streams.RequestCheck(); // a rotation without overlap expires the old key now
        return TypedResults.Created($"/api/v1/projects/{project}/environments/{environment}/sdk-keys/{key.Id}", ToResponse(key, time.GetUtcNow()) with { Key = secret });
    }

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
            return WriteResults.NotFound();
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
        return updated is null ? WriteResults.NotFound() : TypedResults.Ok(ToResponse(updated, time.GetUtcNow()));
    }

    private static async Task<IResult> RevokeAsync(string project, string environment, long id, HttpContext context, AuthStore store, EnvironmentStore environments, SdkKeyCache sdkKeys, StreamKeyChecker streams, CancellationToken cancellationToken)
    {
        var env = await environments.GetAsync(project, environment, cancellationToken);
        var revoked = env is not null && await store.RevokeSdkKeyAsync(env.Id, id, context.WriteContext(), cancellationToken);
        sdkKeys.Clear();
        streams.RequestCheck(); // this replica's streams of the key end now; other replicas' within the check interval
        return revoked ? TypedResults.NoContent() : WriteResults.NotFound();
    }

    private static SdkKeyResponse ToResponse(SdkKeyState k, DateTimeOffset now) =>
        new(k.Id, k.Kind, k.Hint, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsActive(now), k.AllowedOrigins);
}
