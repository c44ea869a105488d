using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>
/// The dashboard's scheme: the session cookie carries a dashboard session token (<c>vx_web_</c>, kind
/// <see cref="TokenKinds.Dashboard"/>; never an API session, and the API refuses it as a bearer token), looked up by its
/// SHA-256 hash on every request, so signing out or revoking ends it at once on every replica. A missing session redirects to the sign-in page; a role too low answers 403.
/// </summary>
internal sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthStore store,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VexilDashboard";

    /// <summary>The session cookie (HttpOnly, SameSite=Strict, Secure over TLS).</summary>
    public const string CookieName = "vexil_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        if (!secret.StartsWith(SecretTokens.DashboardPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("Not a session.");
        }

        var token = await store.FindApiTokenAsync(SecretTokens.Hash(secret), Context.RequestAborted);
        if (token is null || token.Kind != TokenKinds.Dashboard || token.RevokedAt is not null || token.ExpiresAt <= time.GetUtcNow())
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired session.");
        }

        Claim[] claims =
        [
            new(ClaimTypes.Name, $"user:{token.Name}"),
            new(VexilClaims.Kind, VexilClaims.Person),
            new(VexilClaims.Role, ((int)token.Role).ToString(CultureInfo.InvariantCulture)),
            new(SessionIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)),
            new(VexilClaims.Account, token.Name),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <summary>The claim holding the session's id (to revoke it on sign-out).</summary>
    public const string SessionIdClaim = VexilClaims.Session;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = Request.Path + Request.QueryString;
        Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(HttpMethods.IsGet(Request.Method) ? back : "/"));
        return Task.CompletedTask;
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.ContentType = "text/html; charset=utf-8";
        var role = Context.User.RoleOf()?.ToString().ToLowerInvariant() ?? "unknown";
        await Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not allowed · Vexil</title><link rel="stylesheet" href="{DashboardAssets.CssPath}"></head>
            <body><main class="narrow"><h1>Not allowed</h1><p role="alert">Your role ({WebUtility.HtmlEncode(role)}) may not do this. Nothing was changed.</p>
            <p><a href="/">Back to the dashboard</a></p></main></body></html>
            """,
            Context.RequestAborted);
    }
}
