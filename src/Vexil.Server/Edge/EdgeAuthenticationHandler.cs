using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;

namespace Vexil.Server.Edge;

/// <summary>
/// The edge accepts exactly the server keys it was configured with (<c>Authorization: Bearer</c> or <c>X-API-Key</c>),
/// compared by SHA-256 hash; anything else is 401.
/// </summary>
internal sealed class EdgeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EdgeEnvironments environments,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VexilEdge";

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

        var environment = environments.FindByKey(secret);
        if (environment is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("This edge does not serve that key."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"sdk:server:edge-{environment.FileName}"),
                new Claim(VexilClaims.Kind, SdkKeyKind.Server),
                new Claim(VexilClaims.Environment, environment.Id.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status401Unauthorized, "A server key this edge serves is required.");

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
