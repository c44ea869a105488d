using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer …</c> (or, for SDK keys, <c>X-API-Key</c>): an API token or login session
/// (<c>vx_api_</c>, <c>vx_ses_</c>) or an SDK key (<c>vx_srv_</c>, <c>vx_cli_</c>), each looked up by its SHA-256
/// hash. Revoked and expired secrets are refused.
/// </summary>
internal sealed class VexilAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IControlPlaneStore store,
    SdkKeyCache sdkKeys,
    TimeProvider time,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Vexil";

    /// <summary>The header SDKs may use for their key instead of <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = "X-API-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? apiKey = Request.Headers[ApiKeyHeader];
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

        var hash = SecretTokens.Hash(secret);
        var now = time.GetUtcNow();
        var claims = new List<Claim>();
        if (secret.StartsWith(SecretTokens.ApiTokenPrefix, StringComparison.Ordinal) || secret.StartsWith(SecretTokens.SessionPrefix, StringComparison.Ordinal))
        {
            var token = await store.FindApiTokenAsync(hash, Context.RequestAborted);
            if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
            {
                return AuthenticateResult.Fail("Unknown, revoked or expired token.");
            }

            var person = token.Kind == "session";
            claims.Add(new Claim(ClaimTypes.Name, person ? $"user:{token.Name}" : $"token:{token.Id}:{token.Name}"));
            claims.Add(new Claim(VexilClaims.Kind, person ? VexilClaims.Person : VexilClaims.Token));
            claims.Add(new Claim(VexilClaims.Role, ((int)token.Role).ToString(CultureInfo.InvariantCulture)));
            if (token.ProjectId is { } project)
            {
                claims.Add(new Claim(VexilClaims.Project, project.ToString(CultureInfo.InvariantCulture)));
            }
        }
        else if (secret.StartsWith(SecretTokens.ServerKeyPrefix, StringComparison.Ordinal) || secret.StartsWith(SecretTokens.ClientKeyPrefix, StringComparison.Ordinal))
        {
            var key = await sdkKeys.FindAsync(hash, Context.RequestAborted);
            if (key is null || !key.IsActive(now))
            {
                return AuthenticateResult.Fail("Unknown, revoked or expired SDK key.");
            }

            claims.AddRange(SdkKeyClaims.For(key, hash));
        }
        else
        {
            return AuthenticateResult.Fail("Unrecognised credential.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status401Unauthorized, "A valid credential is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status403Forbidden, "This credential may not do that.");

    private async Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
