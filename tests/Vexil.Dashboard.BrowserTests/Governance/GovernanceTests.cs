using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Governance;

/// <summary>An environment's change policy and permissions set in the browser; a refused form keeps its input; the policy then holds a toggle for review.</summary>
public sealed class GovernanceTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_change_policy_set_in_the_dashboard_sends_the_next_toggle_for_review()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/governance?env=staging");
        await Expect(page.Locator("#policy-now")).ToHaveTextAsync("No policy: writes apply at once.");

        var policy = page.Locator("#policy-form");
        await policy.GetByLabel("Approvals needed").FillAsync("0");
        await policy.GetByLabel("editor").UncheckAsync();
        await policy.GetByLabel("Authors may approve their own changes").CheckAsync();
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("requiredApprovals must be a number from 1 to 10");
        await Expect(policy.GetByLabel("Approvals needed")).ToHaveValueAsync("0");
        await Expect(policy.GetByLabel("editor")).Not.ToBeCheckedAsync();
        await Expect(policy.GetByLabel("Authors may approve their own changes")).ToBeCheckedAsync();

        await policy.GetByLabel("Approvals needed").FillAsync("2");
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(page.Locator("#policy-now")).ToHaveTextAsync("2 approvals by administrator; authors may approve their own changes.");
        var stored = await admin.GetAsync($"/api/v1/projects/{project}/environments/staging/policy");
        Assert.Equal(2, stored.GetProperty("requiredApprovals").GetInt32());

        var permissions = page.Locator("#permissions-form");
        await permissions.GetByLabel("Editors").SelectOptionAsync("propose");
        await permissions.GetByRole(AriaRole.Button, new() { Name = "Save permissions" }).ClickAsync();
        await Expect(page.Locator("#permissions-now")).ToContainTextAsync("Editors: propose; administrators: write.");

        await page.GotoAsync($"/projects/{project}/flags/checkout?env=staging");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Staging" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sent for review" })).ToBeVisibleAsync();
        var flag = (await admin.GetAsync($"/api/v1/projects/{project}/environments/staging/flags/checkout")).GetProperty("flag");
        Assert.False(flag.GetProperty("enabled").GetBoolean());

        await page.GotoAsync($"/projects/{project}/governance?env=staging");
        await policy.GetByRole(AriaRole.Button, new() { Name = "Remove policy" }).ClickAsync();
        await Expect(page.Locator("#policy-now")).ToHaveTextAsync("No policy: writes apply at once.");
    }
}
