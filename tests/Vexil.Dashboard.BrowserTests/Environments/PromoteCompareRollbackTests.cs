using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Environments;

/// <summary>Comparing environments side by side, promoting a flag with a preview, and rolling back to a version.</summary>
public sealed class PromoteCompareRollbackTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Comparing_shows_what_differs_and_promoting_after_a_preview_copies_the_targeting()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        await admin.Api.CreateBooleanFlagAsync(project, "same-everywhere", ct);
        await admin.Api.ConfigureFlagAsync(project, "staging", "checkout", new { enabled = true, offVariation = "off", targets = new[] { new { variation = "on", values = new[] { "alice" } } }, fallthrough = new { variation = "off" } }, ct);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/compare?left=staging&right=production");
        var row = page.Locator("li.compare-row[data-flag='checkout']");
        await Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("differs"));
        await Expect(row).ToContainTextAsync("On default: serve off");
        await Expect(page.Locator("li.compare-row[data-flag='same-everywhere']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("same"));
        await page.GetByLabel("Only differences").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator("li.compare-row")).ToHaveCountAsync(1);

        await row.GetByRole(AriaRole.Link, new() { Name = "Promote to Production…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Promote Flag checkout to Production" })).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-changes")).ToContainTextAsync("turned on");
        await Expect(page.Locator("#preview-changes")).ToContainTextAsync("alice");
        Assert.False((await admin.GetAsync($"/api/v1/projects/{project}/environments/production/flags/checkout")).GetProperty("flag").GetProperty("enabled").GetBoolean());

        await page.GetByLabel("Comment for the audit log").FillAsync("staging looked good");
        await page.GetByRole(AriaRole.Button, new() { Name = "Promote to Production" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Promoted to Production.");
        var production = (await admin.GetAsync($"/api/v1/projects/{project}/environments/production/flags/checkout")).GetProperty("flag");
        Assert.True(production.GetProperty("enabled").GetBoolean());
        Assert.Equal("alice", production.GetProperty("targets")[0].GetProperty("values")[0].GetString());

        await page.GotoAsync($"/projects/{project}/compare?left=staging&right=production&different=true");
        await Expect(page.Locator("li.compare-row")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Both environments serve every flag alike.")).ToBeVisibleAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Rolling_back_to_a_version_from_the_history_shows_what_changes_then_restores_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "search", ct);
        var good = await admin.Api.SetEnabledAsync(project, "development", "search", true, ct);
        await admin.Api.ConfigureFlagAsync(project, "development", "search", new { enabled = true, offVariation = "off", targets = new[] { new { variation = "off", values = new[] { "bob" } } }, fallthrough = new { variation = "off" } }, ct);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/search?env=development");
        var links = page.GetByRole(AriaRole.Link, new() { Name = "Roll back development to this version…" });
        await Expect(links).ToHaveCountAsync(2);
        await links.Nth(1).ClickAsync(); // the older one: turned on, nothing else
        Assert.Contains($"version={good}", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Roll back Flag search in Development" })).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-changes")).ToContainTextAsync("bob");
        await Expect(page.Locator("#preview-changes")).ToContainTextAsync("serve on");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Roll back to version {good}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rolled back in Development.");
        var flag = (await admin.GetAsync($"/api/v1/projects/{project}/environments/development/flags/search")).GetProperty("flag");
        Assert.True(flag.GetProperty("enabled").GetBoolean());
        Assert.Equal("on", flag.GetProperty("fallthrough").GetProperty("variation").GetString());
        Assert.True(!flag.TryGetProperty("targets", out var targets) || targets.GetArrayLength() == 0);

        // Previewing the version it is at now: nothing would change, and there is nothing to press.
        await page.GotoAsync($"/projects/{project}/flags/search/rollback?env=development&version={good}");
        await Expect(page.Locator("#preview-nothing")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Roll back to version {good}" })).ToHaveCountAsync(0);
    }
}
