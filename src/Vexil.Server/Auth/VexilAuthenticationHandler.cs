using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Vexil.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer …</c> (or, for SDK keys, <c>X-API-Key</c>): an API token or API login session
/// (<c>vx_api_</c>, <c>vx_ses_</c>; a dashboard session, <c>vx_web_</c>, is refused here) or an SDK key (<c>vx_srv_</c>, <c>vx_cli_</c>), each looked up by its SHA-256
/// hash. Revoked and expired secrets are refused; 401 and 403 are RFC 7807 problem details.
/// </summary>
/// <remarks>
/// A plain <see cref="IAuthenticationHandler"/> rather than an <c>AuthenticationHandler&lt;TOptions&gt;</c>: it runs
/// on every request (every OFREP evaluation), and the framework base class created a logger, looked up its options
/// and took a lock per request for features Vexil does not use (events, forwarding). One instance serves one request,
/// as with the base class, so the result is computed once per request however often it is asked for.
/// </remarks>
internal sealed class VexilAuthenticationHandler(
    AuthStore store,
    SdkKeyCache sdkKeys,
    TimeProvider time,
    IProblemDetailsService problems) : IAuthenticationHandler
{
    public const string SchemeName = "Vexil";

    /// <summary>The header SDKs may use for their key instead of <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = ConfiguredKeyAuthenticationHandler.ApiKeyHeader;

    private HttpContext? _context;
    private Task<AuthenticateResult>? _result;

    /// <summary>Registers the scheme (the default one) and the handler.</summary>
    public static void Register(IServiceCollection services) => AuthSchemes.RegisterDefault<VexilAuthenticationHandler>(services, SchemeName);

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= HandleAuthenticateAsync(Context);

    public Task ChallengeAsync(AuthenticationProperties? properties) => AuthProblems.WriteAsync(problems, Context, StatusCodes.Status401Unauthorized, "A valid credential is required.");

    public Task ForbidAsync(AuthenticationProperties? properties) => AuthProblems.WriteAsync(problems, Context, StatusCodes.Status403Forbidden, AuthProblems.ForbiddenDetail);

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    private async Task<AuthenticateResult> HandleAuthenticateAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        string? apiKey = context.Request.Headers[ApiKeyHeader];
        string secret;
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("Only bearer credentials are accepted.");
            }

            secret = header["Bearer ".Length..].Trim();
        }
        else if (!string.IsNullOrEmpty(apiKey) && (apiKey.StartsWith(SecretTokens.ServerKeyPrefix, StringComparison.Ordinal) || apiKey.StartsWith(SecretTokens.ClientKeyPrefix, StringComparison.Ordinal)))
        {
            secret = apiKey.Trim();
        }
        else
        {
            return string.IsNullOrEmpty(apiKey) ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("X-API-Key carries SDK keys only.");
        }

        var now = time.GetUtcNow();
        if (secret.StartsWith(SecretTokens.ServerKeyPrefix, StringComparison.Ordinal) || secret.StartsWith(SecretTokens.ClientKeyPrefix, StringComparison.Ordinal))
        {
            // The hot path (every OFREP and delivery request): the key's caller, claims included, comes from the cache.
            var caller = await sdkKeys.FindAsync(secret, context.RequestAborted);
            return caller is null || !caller.Key.IsActive(now)
                ? AuthenticateResult.Fail("Unknown, revoked or expired SDK key.")
                : AuthenticateResult.Success(caller.Ticket);
        }

        // A dashboard session (vx_web_) is a cookie, never a bearer credential; the kind stored with the row must match
        // the prefix too, so a row of one kind is never accepted under another's prefix.
        var kind = TokenKinds.OfBearer(secret);
        if (kind is null)
        {
            return AuthenticateResult.Fail("Unrecognised credential.");
        }

        var token = await store.FindApiTokenAsync(SecretTokens.Hash(secret), context.RequestAborted);
        if (token is null || token.Kind != kind || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        }

        var person = token.Kind == TokenKinds.Session;
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, person ? $"user:{token.Name}" : $"token:{token.Id}:{token.Name}"),
            new(VexilClaims.Kind, person ? VexilClaims.Person : VexilClaims.Token),
            new(VexilClaims.Role, ((int)token.Role).ToString(CultureInfo.InvariantCulture)),
        };
        if (person)
        {
            claims.Add(new Claim(VexilClaims.Account, token.Name));
            claims.Add(new Claim(VexilClaims.Session, token.Id.ToString(CultureInfo.InvariantCulture)));
        }

        if (token.ProjectId is { } project)
        {
            claims.Add(new Claim(VexilClaims.Project, project.ToString(CultureInfo.InvariantCulture)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
