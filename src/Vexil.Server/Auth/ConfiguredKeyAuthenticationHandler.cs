using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Vexil.Server.Auth;

/// <summary>
/// Authentication for roles that accept exactly the keys they were configured with (the edge, <c>vexil serve</c>):
/// reads the key from <c>Authorization: Bearer</c> or <c>X-API-Key</c>, asks the role who the key is, and answers
/// 401/403 as RFC 7807 problem details. A subclass supplies only the lookup and its wording.
/// </summary>
internal abstract class ConfiguredKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The claims of the caller holding <paramref name="secret"/>, or null when the key is not accepted.</summary>
    protected abstract IReadOnlyList<Claim>? Identify(string secret);

    /// <summary>The failure message for a key that is not accepted.</summary>
    protected abstract string RejectedKeyMessage { get; }

    /// <summary>The 401 detail: what credential is required.</summary>
    protected abstract string ChallengeDetail { get; }

    protected sealed override Task<AuthenticateResult> HandleAuthenticateAsync()
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

        if (Identify(secret) is not { } claims)
        {
            return Task.FromResult(AuthenticateResult.Fail(RejectedKeyMessage));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected sealed override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status401Unauthorized, ChallengeDetail);

    protected sealed override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblemAsync(StatusCodes.Status403Forbidden, "This credential may not do that.");

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
