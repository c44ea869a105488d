using Microsoft.Extensions.Options;
using Vexil.Server.Api;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Hosting;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Oidc;

/// <summary>
/// <c>GET /api/v1/auth/methods</c> (how people may sign in) and <c>POST /api/v1/auth/oidc/{provider}/token</c>: an ID
/// token the provider issued to Vexil's command-line (or dashboard) client exchanged for an API session.
/// </summary>
internal static class OidcApi
{
    public static void MapOidcApi(this RouteGroupBuilder api)
    {
        api.MapGet("/auth/methods", Methods).WithTags("Auth").AllowAnonymous().Produces<AuthMethodsResponse>();
        api.MapPost("/auth/oidc/{provider}/token", ExchangeAsync).WithTags("Auth").AllowAnonymous()
            .Accepts<OidcTokenRequest>("application/json").Produces<LoginResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static AuthMethodsResponse Methods(IOptions<AuthOptions> auth) =>
        new(auth.Value.LocalPasswords, auth.Value.Oidc.Providers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new OidcProviderResponse(
            p.Key,
            OidcSignIn.DisplayName(p.Key, p.Value),
            p.Value.Authority!,
            p.Value.CliClientId is { Length: > 0 } cli ? cli : p.Value.ClientId!,
            Scopes(p.Value))).ToArray());

    /// <summary>The provider's scopes, <c>openid</c> first and always.</summary>
    internal static string[] Scopes(OidcProviderOptions provider) => ["openid", .. provider.Scopes.Where(s => s != "openid" && !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)];

    private static async Task<IResult> ExchangeAsync(
        string provider,
        HttpContext context,
        IOptions<AuthOptions> auth,
        OidcTokenValidator validator,
        OidcSignIn signIn,
        AuthStore store,
        TimeProvider time,
        IOptions<VexilOptions> options,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<OidcTokenRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (!auth.Value.Oidc.Providers.ContainsKey(provider))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No provider is named '{provider}'.");
        }

        if (string.IsNullOrWhiteSpace(body!.IdToken))
        {
            var errors = new ValidationErrors();
            errors.Add("idToken", "is required");
            return errors.ToResult();
        }

        OidcTokenValidation checkedToken;
        try
        {
            checkedToken = await validator.ValidateAsync(provider, body.IdToken, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The discovery document or the keys could not be read.
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, detail: $"The provider '{provider}' could not be reached to check the token.");
        }

        if (checkedToken.User is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"The ID token is refused: {checkedToken.Error}.");
        }

        var result = await signIn.SignInAsync(provider, user, ClientAddress.Of(context), context.TraceIdentifier, cancellationToken);
        if (result.Account is not { } account)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: result.Refusal);
        }

        var token = SecretTokens.New(SecretTokens.SessionPrefix);
        var expires = time.GetUtcNow() + options.Value.SessionLifetime;
        await store.CreateApiTokenAsync(account.Username, SecretTokens.Hash(token), account.Role, result.ProjectId, TokenKinds.Session, expires, new WriteContext($"user:{account.Username}", context.TraceIdentifier, $"single sign-on ({provider})"), cancellationToken);
        return TypedResults.Ok(new LoginResponse(token, expires, AuthStore.RoleName(account.Role)));
    }
}
