using Microsoft.Extensions.Options;
using Vexil.Server.Api;
using Vexil.Server.Auth.Accounts;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Hosting;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>/api/v1/auth/login, /api/v1/accounts and /api/v1/tokens.</summary>
internal static class AuthApi
{
    public static void MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).WithTags("Auth").AllowAnonymous()
            .Accepts<LoginRequest>("application/json").Produces<LoginResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        var accounts = api.MapGroup("/accounts").WithTags("Auth").RequireAuthorization(VexilPolicies.Administrator).AddEndpointFilter<GlobalScopeFilter>();
        accounts.MapPost("/", CreateAccountAsync).Accepts<CreateAccountRequest>("application/json").Produces<AccountResponse>(StatusCodes.Status201Created).ProducesValidationProblem();

        var tokens = api.MapGroup("/tokens").WithTags("Auth").RequireAuthorization(VexilPolicies.Administrator).AddEndpointFilter<GlobalScopeFilter>();
        tokens.MapGet("/", ListTokensAsync).Produces<TokenResponse[]>();
        tokens.MapPost("/", CreateTokenAsync).Accepts<CreateTokenRequest>("application/json").Produces<TokenResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        tokens.MapDelete("/{id:long}", RevokeTokenAsync);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, AuthStore store, SignInGuard guard, TimeProvider time, IOptions<VexilOptions> options, IOptions<Oidc.AuthOptions> auth, FirstAdministrator first, CancellationToken cancellationToken)
    {
        if (!auth.Value.LocalPasswords)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Sign-in with a password is turned off (Vexil:Auth:LocalPasswords); sign in through a provider: 'vexil login --provider <name>' (GET /api/v1/auth/methods lists them).");
        }

        await first.WaitAsync(cancellationToken);
        var (body, problem) = await JsonBody.ReadAsync<LoginRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await guard.CheckAsync(body!.Username, body.Password ?? string.Empty, ClientAddress.Of(context), context.TraceIdentifier, cancellationToken);
        if (outcome.Account is not { } account)
        {
            return SignInProblems.For(context, outcome, time);
        }

        var token = SecretTokens.New(SecretTokens.SessionPrefix);
        var expires = time.GetUtcNow() + options.Value.SessionLifetime;
        await store.CreateApiTokenAsync(account.Username, SecretTokens.Hash(token), account.Role, null, TokenKinds.Session, expires, new WriteContext($"user:{account.Username}", context.TraceIdentifier, null), cancellationToken);
        return TypedResults.Ok(new LoginResponse(token, expires, AuthStore.RoleName(account.Role)));
    }

    private static async Task<IResult> CreateAccountAsync(HttpContext context, AuthStore store, PasswordHasher hasher, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateAccountRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireKey("username", body!.Username);
        Passwords.Check(errors, "password", body.Password);

        var role = AuthStore.ParseRole(body.Role);
        if (role is null)
        {
            errors.Add("role", "must be viewer, editor or administrator");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var result = await store.CreateAccountAsync(hasher.Hash(body.Username!, body.Password!, role!.Value), context.WriteContext(), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => TypedResults.Created($"/api/v1/accounts/{body.Username}", AccountResponse.Of(result.Value!)),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "An account with this name already exists."),
        };
    }

    private static async Task<IResult> ListTokensAsync(AuthStore store, ProjectStore projectStore, CancellationToken cancellationToken)
    {
        var tokens = await store.ListApiTokensAsync(cancellationToken);
        var projects = (await projectStore.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Key);
        return TypedResults.Ok(tokens.Select(t => ToResponse(t, t.ProjectId is { } id ? projects.GetValueOrDefault(id) : null)).ToArray());
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, AuthStore store, ProjectStore projects, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTokenRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        errors.RequireText("name", body!.Name);
        var role = AuthStore.ParseRole(body.Role);
        if (role is null)
        {
            errors.Add("role", "must be viewer, editor or administrator");
        }

        if (body.ExpiresInDays is < 1 or > 3650)
        {
            errors.Add("expiresInDays", "must be between 1 and 3650");
        }

        var project = body.Project is null ? null : await projects.GetAsync(body.Project, cancellationToken);
        if (body.Project is not null && project is null)
        {
            errors.Add("project", "no such project");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var secret = SecretTokens.New(SecretTokens.ApiTokenPrefix);
        DateTimeOffset? expires = body.ExpiresInDays is { } days ? time.GetUtcNow().AddDays(days) : null;
        var token = await store.CreateApiTokenAsync(body.Name!, SecretTokens.Hash(secret), role!.Value, project?.Id, TokenKinds.Api, expires, context.WriteContext(), cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", ToResponse(token, project?.Key) with { Token = secret });
    }

    private static async Task<IResult> RevokeTokenAsync(long id, HttpContext context, AuthStore store, CancellationToken cancellationToken) =>
        await store.RevokeApiTokenAsync(id, context.WriteContext(), cancellationToken) ? TypedResults.NoContent() : WriteResults.NotFound();

    private static TokenResponse ToResponse(ApiTokenState t, string? project) =>
        new(t.Id, t.Name, AuthStore.RoleName(t.Role), project, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt);
}
