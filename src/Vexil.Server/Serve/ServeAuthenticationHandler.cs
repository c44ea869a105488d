using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;

namespace Vexil.Server.Serve;

/// <summary>
/// <c>vexil serve</c> accepts exactly the keys it was configured with (<c>Authorization: Bearer</c> or
/// <c>X-API-Key</c>), compared by SHA-256 hash, as evaluation-only (client) keys; anything else is 401.
/// </summary>
internal sealed class ServeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServeKeys keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VexilServe";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? secret = null;
        if (!string.IsNullOrEmpty(header) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (Request.Headers[VexilAuthenticationHandler.ApiKeyHeader] is { Count: > 0 } apiKey)
        {
            secret = apiKey.ToString().Trim();
        }

        if (secret is null)
        {
            return Task.FromResult(string.IsNullOrEmpty(header) ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("Only bearer credentials are accepted."));
        }

        if (!keys.Accepts(secret))
        {
            return Task.FromResult(AuthenticateResult.Fail("This server does not accept that key."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"sdk:client:serve-{SecretTokens.Hash(secret)[..12]}"),
                new Claim(VexilClaims.Kind, SdkKeyKind.Client),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status401Unauthorized, "A key this server accepts is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status403Forbidden, "This credential may not do that.");

    private async Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = { Status = status, Detail = detail } });
    }
}
