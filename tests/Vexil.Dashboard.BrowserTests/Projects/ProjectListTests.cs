using System.Net;
using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Projects;

/// <summary>The projects page: moving, archiving and restoring projects.</summary>
public sealed class ProjectListTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_project_is_moved_archived_and_restored_from_the_projects_page()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var first = await admin.Api.CreateProjectAsync(ct);
        var second = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(first, "checkout", ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/projects");

        // Other tests create projects on the same server meanwhile (keys are random, so they may sort between these
        // two): "move up" swaps with whichever project is directly above, read just before the click.
        var before = await KeysAsync(admin);
        var lower = Array.IndexOf(before, first) < Array.IndexOf(before, second) ? second : first;
        var above = before[Array.IndexOf(before, lower) - 1];
        await page.GetByRole(AriaRole.Button, new() { Name = $"Move {lower} up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Order saved.");
        var moved = await KeysAsync(admin);
        Assert.Equal(Array.IndexOf(moved, above) - 1, Array.IndexOf(moved, lower));
        var listed = await page.Locator("ol[aria-label='Projects'] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.project)");
        Assert.True(Array.IndexOf(listed, lower) < Array.IndexOf(listed, above));

        await page.GetByRole(AriaRole.Button, new() { Name = $"Archive {first}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Project archived.");
        var archived = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Archived projects" }) });
        await Expect(archived.Locator($"li[data-project='{first}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"ol[aria-label='Projects'] li[data-project='{first}']")).ToHaveCountAsync(0);
        Assert.True((await admin.GetAsync($"/api/v1/projects/{first}")).GetProperty("archived").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, await admin.TrySetEnabledAsync(first, "production", "checkout", true));

        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore {first}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Project restored.");
        await Expect(page.Locator($"ol[aria-label='Projects'] li[data-project='{first}']")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, await admin.TrySetEnabledAsync(first, "production", "checkout", true));

        // A refused creation keeps what was typed.
        await page.GetByLabel("Key").FillAsync(second);
        await page.GetByLabel("Name").FillAsync("Taken key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("taken");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Taken key");
    }

    private static async Task<string[]> KeysAsync(Admin admin) =>
        [.. (await admin.GetAsync("/api/v1/projects")).EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
}
