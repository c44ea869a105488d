using System.Net;
using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Environments;

/// <summary>A project's settings: creating, renaming, reordering, archiving and restoring environments.</summary>
public sealed class EnvironmentSettingsTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task An_environment_is_created_renamed_moved_archived_and_restored_from_the_settings_page()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Settings of Project {project}" })).ToBeVisibleAsync();

        // A taken key is refused and the form keeps what was typed.
        await page.GetByLabel("Key").FillAsync("staging");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Second staging");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already has an environment 'staging'");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Second staging");

        await page.GetByLabel("Key").FillAsync("qa");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("QA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Environment created.");
        Assert.Equal(["development", "staging", "production", "qa"], await KeysAsync(admin, project));

        await page.GetByLabel("Name of qa").FillAsync("Quality");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename qa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Environment renamed.");
        Assert.Equal("Quality", (await admin.GetAsync($"/api/v1/projects/{project}/environments/qa")).GetProperty("name").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Move qa up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Order saved.");
        Assert.Equal(["development", "staging", "qa", "production"], await KeysAsync(admin, project));
        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.Locator("nav.envs a")).ToHaveTextAsync(["Development", "Staging", "Quality", "Production"]);

        await page.GotoAsync($"/projects/{project}/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive qa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Environment archived.");
        Assert.True((await admin.GetAsync($"/api/v1/projects/{project}/environments/qa")).GetProperty("archived").GetBoolean());
        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.Locator("nav.envs a")).ToHaveTextAsync(["Development", "Staging", "Production"]);
        Assert.Equal(HttpStatusCode.Conflict, await admin.TrySetEnabledAsync(project, "qa", "checkout", true));

        await page.GotoAsync($"/projects/{project}/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore qa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Environment restored.");
        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.Locator("nav.envs a")).ToHaveTextAsync(["Development", "Staging", "Quality", "Production"]);
    }

    private static async Task<string[]> KeysAsync(Admin admin, string project) =>
        [.. (await admin.GetAsync($"/api/v1/projects/{project}/environments")).EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
}
