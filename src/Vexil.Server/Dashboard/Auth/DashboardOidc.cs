using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Hosting;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>
/// The dashboard's single sign-on: <c>GET /signin/oidc/{provider}</c> sends the browser to the provider (ASP.NET Core's
/// OpenID Connect handler: authorization code flow with PKCE); the provider sends it back to
/// <c>/signin-oidc/{provider}</c>, where the handler redeems the code and validates the ID token, and
/// <see cref="OidcSignIn"/> finds or creates the account; the result is the same dashboard session (<c>vx_web_</c>
/// cookie) a password gives. The handler's own cookie session is never used.
/// </summary>
internal static class DashboardOidc
{
    /// <summary>The authentication scheme of a provider.</summary>
    public static string Scheme(string provider) => "oidc-" + provider;

    public static void MapDashboardOidc(this IEndpointRouteBuilder app) =>
        app.MapGet("/signin/oidc/{provider}", (string provider, string? returnUrl, IOptions<AuthOptions> auth) =>
            auth.Value.Oidc.Providers.ContainsKey(provider)
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl.Or(returnUrl) }, [Scheme(provider)])
                : Results.Redirect("/signin"))
            .AllowAnonymous().ExcludeFromDescription();

    /// <summary>The handler's options for <paramref name="provider"/>.</summary>
    public static void Configure(OpenIdConnectOptions o, string name, OidcProviderOptions provider)
    {
        var authority = new Uri(provider.Authority!);
        o.Authority = provider.Authority;
        o.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps;
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;

        // A top-level GET back from the provider carries SameSite=Lax cookies (the correlation and nonce cookies);
        // a cross-site form post would need SameSite=None.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CallbackPath = $"/signin-oidc/{name}";
        o.SignedOutCallbackPath = $"/signout-callback-oidc/{name}";
        o.RemoteSignOutPath = $"/signout-oidc/{name}";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.SaveTokens = false;
        o.SignInScheme = DashboardAuthenticationHandler.SchemeName;
        o.Scope.Clear();
        foreach (var scope in OidcApi.Scopes(provider))
        {
            o.Scope.Add(scope);
        }

        // Every claim the mappings look at comes from the user info too, lists (groups) as one claim per value.
        foreach (var claim in provider.Mappings.Select(m => m.Claim).Append(provider.UsernameClaim).Append("email").Distinct(StringComparer.Ordinal))
        {
            o.ClaimActions.MapJsonKey(claim, claim);
        }

        o.Events = new OpenIdConnectEvents
        {
            OnTicketReceived = context => CompleteAsync(context, name),
            OnRemoteFailure = context => FailAsync(context, name),
            OnAccessDenied = context => DeniedAsync(context, name),
        };
    }

    /// <summary>The provider vouched for the person: sign them in (or refuse) and start the dashboard session.</summary>
    private static async Task CompleteAsync(TicketReceivedContext context, string provider)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var services = http.RequestServices;
        var result = await services.GetRequiredService<OidcSignIn>().SignInAsync(provider, context.Principal!, ClientAddress.Of(http), http.TraceIdentifier, http.RequestAborted);
        if (result.Account is not { } account)
        {
            await RefuseAsync(http, result.Refusal!);
            return;
        }

        if (result.ProjectId is not null)
        {
            await RefuseAsync(http, "Your role is limited to one project; the dashboard needs a role in every project. Use the API or 'vexil login --provider " + provider + "'.");
            return;
        }

        await DashboardSignIn.StartSessionAsync(http, services.GetRequiredService<AuthStore>(), account, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<VexilOptions>>().Value, $"dashboard single sign-on ({provider})", http.RequestAborted);
        http.Response.Redirect(LocalReturnUrl.Or(context.ReturnUri));
    }

    private static async Task FailAsync(RemoteFailureContext context, string provider)
    {
        context.HandleResponse();
        await RefuseAsync(context.HttpContext, $"Signing in through {provider} failed: {context.Failure?.Message ?? "the provider's answer was not valid"}.");
    }

    private static async Task DeniedAsync(AccessDeniedContext context, string provider)
    {
        context.HandleResponse();
        await RefuseAsync(context.HttpContext, $"{provider} did not sign you in.");
    }

    private static Task RefuseAsync(HttpContext context, string message) =>
        DashboardPages.Render<Pages.SignInPage>(context, null, new SignInModel(message, null, "/"), StatusCodes.Status401Unauthorized).ExecuteAsync(context);
}
