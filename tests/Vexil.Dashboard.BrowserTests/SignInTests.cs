using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using Vexil.Testing;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests;

/// <summary>Signing in with a local account, and what the session cookie looks like.</summary>
public sealed class SignInTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task First_sign_in_leads_from_any_page_to_the_sign_in_form_and_back()
    {
        var page = await fixture.NewPageAsync(username: null);
        await page.GotoAsync("/projects");
        Assert.Contains("/signin?returnUrl=%2Fprojects", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Unknown user or wrong password");

        await page.GetByLabel("Password").FillAsync(VexilServerProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/projects");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "vexil_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.StartsWith("vx_web_", session.Value, StringComparison.Ordinal);

        var key = "p" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Key").FillAsync(key);
        await page.GetByLabel("Name").FillAsync("Storefront " + key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{key}/flags");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Flags" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync($"/projects/{key}/flags");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_API_answers_401_problem_details_to_a_dashboard_session_not_a_redirect()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.APIRequest.GetAsync("/api/v1/projects", new() { MaxRedirects = 0 });
        Assert.Equal(401, response.Status);
        Assert.Contains("application/problem+json", response.Headers["content-type"], StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        var response = await page.APIRequest.PostAsync($"/projects/{project}/segments", new() { Form = FormWith(page, ("env", "production"), ("key", "forged")), MaxRedirects = 0 });
        Assert.Equal(400, response.Status);
        await page.GotoAsync($"/projects/{project}/segments?env=production");
        await Expect(page.GetByText("No segment in Production yet.")).ToBeVisibleAsync();
    }

    internal static IFormData FormWith(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
