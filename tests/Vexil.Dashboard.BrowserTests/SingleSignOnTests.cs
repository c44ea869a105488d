using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using Vexil.Testing;
using Vexil.Testing.Oidc;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests;

/// <summary>
/// Signing in to the dashboard through a real OpenID provider (oidc-provider on loopback) in Chromium: the sign-in
/// page's button, the provider's login page, back to the page asked for with the dashboard's own session cookie.
/// </summary>
public sealed class SingleSignOnTests(DashboardFixture fixture)
{
    private const string ClientId = "vexil-dashboard";
    private const string Secret = "browser-test-secret-0123456789-abcdef";

    [Fact(Timeout = 180_000)]
    public async Task Signing_in_through_the_provider_leads_to_the_dashboard_with_the_groups_role()
    {
        await using var provider = await OidcTestProvider.StartAsync([OidcTestClient.Web(ClientId, Secret, "/signin-oidc/corp")], TestContext.Current.CancellationToken);
        var user = new TestUser("dana" + Guid.NewGuid().ToString("N")[..6], "dana-password-1", ["vexil-editors"]);
        await provider.SetUserAsync(user);
        var stranger = new TestUser("sam" + Guid.NewGuid().ToString("N")[..6], "sam-password-1", ["marketing"]);
        await provider.SetUserAsync(stranger);
        var data = Path.Combine(Path.GetTempPath(), "vexil-sso-tests", Guid.NewGuid().ToString("N"));
        await using var server = await VexilServerProcess.StartAsync(data, Settings(provider), TestContext.Current.CancellationToken);

        var page = await NewPageAsync(server);
        await page.GotoAsync("/projects");
        Assert.Contains("/signin?returnUrl=%2Fprojects", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Corporate SSO" }).ClickAsync();

        // The provider's own login page.
        await page.WaitForURLAsync(url => url.StartsWith(provider.IssuerText, StringComparison.Ordinal));
        await page.GetByLabel("Username").FillAsync(user.Name);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back on the page asked for, signed in as an editor (the group's role): the project form is there.
        await page.WaitForURLAsync(server.Address + "projects");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(user.Name).First).ToBeVisibleAsync();
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "vexil_session");
        Assert.StartsWith("vx_web_", session.Value, StringComparison.Ordinal);
        Assert.True(session.HttpOnly);
        var key = "s" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Key").FillAsync(key);
        await page.GetByLabel("Name").FillAsync("SSO " + key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{key}/flags");

        // Someone whose groups map to no role comes back to the sign-in page with the reason, and no session.
        var refused = await NewPageAsync(server);
        await refused.GotoAsync("/signin");
        await refused.GetByRole(AriaRole.Link, new() { Name = "Sign in with Corporate SSO" }).ClickAsync();
        await refused.WaitForURLAsync(url => url.StartsWith(provider.IssuerText, StringComparison.Ordinal));
        await refused.GetByLabel("Username").FillAsync(stranger.Name);
        await refused.GetByLabel("Password").FillAsync(stranger.Password);
        await refused.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(refused.GetByRole(AriaRole.Alert)).ToContainTextAsync("no mapping matches");
        Assert.DoesNotContain(await refused.Context.CookiesAsync(), c => c.Name == "vexil_session");
    }

    private async Task<IPage> NewPageAsync(VexilServerProcess server)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private static Dictionary<string, string> Settings(OidcTestProvider provider) => new()
    {
        ["Vexil__Auth__Oidc__Providers__corp__Authority"] = provider.IssuerText,
        ["Vexil__Auth__Oidc__Providers__corp__ClientId"] = ClientId,
        ["Vexil__Auth__Oidc__Providers__corp__ClientSecret"] = Secret,
        ["Vexil__Auth__Oidc__Providers__corp__DisplayName"] = "Corporate SSO",
        ["Vexil__Auth__Oidc__Providers__corp__Scopes__0"] = "openid",
        ["Vexil__Auth__Oidc__Providers__corp__Scopes__1"] = "profile",
        ["Vexil__Auth__Oidc__Providers__corp__Scopes__2"] = "groups",
        ["Vexil__Auth__Oidc__Providers__corp__Mappings__0__Value"] = "vexil-editors",
        ["Vexil__Auth__Oidc__Providers__corp__Mappings__0__Role"] = "editor",
    };
}
