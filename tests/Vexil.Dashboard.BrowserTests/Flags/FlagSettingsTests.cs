using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Flags;

/// <summary>A flag's settings page: its fields and variations, archive and restore, delete and its dependents.</summary>
public sealed class FlagSettingsTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Editing_description_tags_and_variations_saves_them_and_a_variation_still_served_is_not_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateFlagAsync(project, "banner", "string", [new { key = "a", value = "A" }, new { key = "b", value = "B" }], ct);
        await admin.Api.ConfigureFlagAsync(project, "production", "banner", new { enabled = true, offVariation = "a", fallthrough = new { variation = "b" } }, ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/banner?env=production");
        await page.Locator(".flag-links").GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings of Flag banner" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Variations")).ToHaveValueAsync("a = A\nb = B");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Banner text");
        await page.GetByLabel("Description").FillAsync("What the home page banner says");
        await page.GetByLabel("Tags").FillAsync("home, marketing");
        await page.GetByLabel("Variations").FillAsync("a = A\nb = B\nc = Sale!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings saved.");
        var stored = await admin.GetAsync($"/api/v1/projects/{project}/flags/banner");
        Assert.Equal("Banner text", stored.GetProperty("name").GetString());
        Assert.Equal("What the home page banner says", stored.GetProperty("description").GetString());
        Assert.Equal(["home", "marketing"], stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(["a", "b", "c"], stored.GetProperty("variations").EnumerateArray().Select(v => v.GetProperty("key").GetString()!));

        // b is the default rule in production: removing it is refused, says where, and keeps what was typed.
        await page.GetByLabel("Variations").FillAsync("a = A2\nc = Sale!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Variation 'b' is still used");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the default rule in Production");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("served when off in Development"); // a new flag's default off variation
        await Expect(page.GetByLabel("Variations")).ToHaveValueAsync("a = A2\nc = Sale!");
        stored = await admin.GetAsync($"/api/v1/projects/{project}/flags/banner");
        Assert.Equal(["a", "b", "c"], stored.GetProperty("variations").EnumerateArray().Select(v => v.GetProperty("key").GetString()!));
        Assert.Equal("A", stored.GetProperty("variations")[0].GetProperty("value").GetString());

        // c is served nowhere: renamed to d (removed and added) with a's value changed.
        await page.GetByLabel("Variations").FillAsync("a = A2\nb = B\nd = Sale!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings saved.");
        stored = await admin.GetAsync($"/api/v1/projects/{project}/flags/banner");
        Assert.Equal(["a", "b", "d"], stored.GetProperty("variations").EnumerateArray().Select(v => v.GetProperty("key").GetString()!));
        Assert.Equal("A2", stored.GetProperty("variations")[0].GetProperty("value").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Archiving_takes_a_flag_out_of_the_list_and_restoring_brings_it_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "old-promo", ct);
        await admin.Api.SetEnabledAsync(project, "production", "old-promo", true, ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/old-promo/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Flag archived.");
        Assert.True((await admin.GetAsync($"/api/v1/projects/{project}/flags/old-promo")).TryGetProperty("archivedAt", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String);

        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Flag old-promo" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Archived flags" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Flag old-promo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Flag restored.");

        // Restored as it was: on in production.
        await page.GotoAsync($"/projects/{project}/flags/old-promo?env=production");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "On in Production" })).ToBeVisibleAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_a_flag_another_flag_depends_on_is_refused_with_the_reason_and_allowed_once_nothing_does()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "payments-v2", ct);
        await admin.Api.CreateBooleanFlagAsync(project, "wallets", ct);
        await admin.Api.ConfigureFlagAsync(project, "staging", "wallets", new { enabled = true, offVariation = "off", prerequisites = new[] { new { flag = "payments-v2", variation = "on" } }, fallthrough = new { variation = "on" } }, ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/payments-v2/settings");
        await page.GetByLabel("I understand this cannot be undone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Flag 'wallets' names this flag as a prerequisite in Staging");
        await admin.GetAsync($"/api/v1/projects/{project}/flags/payments-v2"); // still there

        await page.GetByRole(AriaRole.Button, new() { Name = "Archive flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Flag 'wallets' names this flag as a prerequisite");

        await admin.Api.ConfigureFlagAsync(project, "staging", "wallets", new { enabled = true, offVariation = "off", fallthrough = new { variation = "on" } }, ct);
        await page.GotoAsync($"/projects/{project}/flags/payments-v2/settings");
        await page.GetByLabel("I understand this cannot be undone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Flag payments-v2 deleted.");
        var flags = await admin.GetAsync($"/api/v1/projects/{project}/flags");
        Assert.DoesNotContain("payments-v2", flags.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
    }
}
