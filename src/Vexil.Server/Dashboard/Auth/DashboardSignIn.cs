using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Hosting;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>/signin and /signout: the same account check as <c>/api/v1/auth/login</c>, the session in an HttpOnly cookie.</summary>
internal static class DashboardSignIn
{
    public static void MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext context, string? returnUrl) =>
            DashboardPages.Render<Pages.SignInPage>(context, null, new SignInModel(null, null, Local(returnUrl))))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin", SignInAsync).AllowAnonymous().RequireFormToken().ExcludeFromDescription();
        app.MapPost("/signout", SignOutAsync).RequireAuthorization(DashboardPolicies.Viewer).RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context,
        [FromForm] string? username,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        AuthStore store,
        SignInGuard guard,
        TimeProvider time,
        IOptions<VexilOptions> options,
        FirstAdministrator first,
        IOptions<AuthOptions> auth,
        CancellationToken cancellationToken)
    {
        if (!auth.Value.LocalPasswords)
        {
            return DashboardPages.Render<Pages.SignInPage>(context, null, new SignInModel(LocalPasswordsOffDetail, null, Local(returnUrl)), StatusCodes.Status403Forbidden);
        }

        await first.WaitAsync(cancellationToken);
        var outcome = await guard.CheckAsync(username, password ?? string.Empty, ClientAddress.Of(context), context.TraceIdentifier, cancellationToken);
        if (outcome.Account is not { } account)
        {
            if (outcome.RetryAt is not null)
            {
                context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds(time.GetUtcNow()).ToString(CultureInfo.InvariantCulture);
                return DashboardPages.Render<Pages.SignInPage>(context, null, new SignInModel(SignInProblems.ThrottledDetail, username, Local(returnUrl)), StatusCodes.Status429TooManyRequests);
            }

            return DashboardPages.Render<Pages.SignInPage>(context, null, new SignInModel(SignInProblems.RefusedDetail, username, Local(returnUrl)), StatusCodes.Status401Unauthorized);
        }

        await StartSessionAsync(context, store, account, time, options.Value, "dashboard sign-in", cancellationToken);
        return TypedResults.Redirect(Local(returnUrl));
    }

    /// <summary>Creates a dashboard session (<c>vx_web_</c>) for <paramref name="account"/> and sets its cookie: the end of every way of signing in to the dashboard.</summary>
    internal static async Task StartSessionAsync(HttpContext context, AuthStore store, AccountState account, TimeProvider time, VexilOptions options, string comment, CancellationToken cancellationToken)
    {
        var token = SecretTokens.New(SecretTokens.DashboardPrefix);
        var expires = time.GetUtcNow() + options.SessionLifetime;
        await store.CreateApiTokenAsync(account.Username, SecretTokens.Hash(token), account.Role, null, TokenKinds.Dashboard, expires, new WriteContext($"user:{account.Username}", context.TraceIdentifier, comment), cancellationToken);
        context.Response.Cookies.Append(DashboardAuthenticationHandler.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        if (long.TryParse(context.User.FindFirst(DashboardAuthenticationHandler.SessionIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await store.RevokeApiTokenAsync(id, DashboardPages.WriteContext(context, "dashboard sign-out"), cancellationToken);
        }

        context.Response.Cookies.Delete(DashboardAuthenticationHandler.CookieName, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        return TypedResults.Redirect("/signin");
    }

    /// <summary>The answer to a password sign-in when local passwords are turned off.</summary>
    internal const string LocalPasswordsOffDetail = "Sign-in with a password is turned off here; use your organisation's sign-in.";

    /// <summary>Only a path of this site is a place to return to (no open redirect).</summary>
    private static string Local(string? returnUrl) => LocalReturnUrl.Or(returnUrl);
}

/// <summary>The sign-in form: an error after a failed attempt, the name typed, where to go after.</summary>
internal sealed record SignInModel(string? Error, string? Username, string ReturnUrl);
