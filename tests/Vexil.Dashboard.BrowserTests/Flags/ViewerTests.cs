using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Flags;

/// <summary>A viewer sees everything and can change nothing, in the page and behind it.</summary>
public sealed class ViewerTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_viewer_sees_the_flag_without_controls_and_a_forged_write_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        const string password = "viewer-password-123";
        var viewer = await admin.CreateAccountAsync("viewer", password);

        // An editor's page gives the forged request a real form token and version.
        var editor = await fixture.NewPageAsync();
        await editor.GotoAsync($"/projects/{project}/flags/checkout?env=production");
        var etag = await editor.Locator("form.inline-form input[name=etag]").InputValueAsync();

        var page = await fixture.NewPageAsync(viewer, password);
        await page.GotoAsync($"/projects/{project}/flags/checkout?env=production");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Off in Production" })).ToBeVisibleAsync();
        await Expect(page.Locator(".badge.role")).ToHaveTextAsync("viewer");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Production" })).ToHaveCountAsync(0);
        await Expect(page.Locator("main form[method=post]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Production" })).ToBeVisibleAsync();

        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New flag" })).ToHaveCountAsync(0);
        var newFlag = await page.GotoAsync($"/projects/{project}/flags/new");
        Assert.Equal(403, newFlag!.Status);

        await page.GotoAsync($"/projects/{project}/flags/checkout?env=production");
        var token = await page.Locator("form[action='/signout'] input[name=__RequestVerificationToken]").InputValueAsync();
        var forged = await page.APIRequest.PostAsync($"/projects/{project}/flags/checkout/toggle", new()
        {
            Form = SignInTests.FormWith(page, ("__RequestVerificationToken", token), ("env", "production"), ("etag", etag), ("enabled", "true")),
            MaxRedirects = 0,
        });
        Assert.Equal(403, forged.Status);
        var keys = await page.GotoAsync($"/projects/{project}/keys");
        Assert.Equal(403, keys!.Status);

        var config = (await admin.GetAsync($"/api/v1/projects/{project}/environments/production/flags/checkout")).GetProperty("flag");
        Assert.False(config.GetProperty("enabled").GetBoolean());
    }
}
