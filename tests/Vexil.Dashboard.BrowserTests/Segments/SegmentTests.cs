using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Segments;

/// <summary>A segment made and edited in the browser, used by a flag rule, and bad rules refused.</summary>
public sealed class SegmentTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_segment_with_members_is_matched_by_a_flag_rule_and_invalid_rules_are_refused()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        await admin.Api.CreateBooleanFlagAsync(project, "beta-ui", TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/segments?env=development");
        await page.GetByLabel("Key").FillAsync("beta-testers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create segment" }).ClickAsync();
        await page.WaitForURLAsync("**/segments/beta-testers?env=development&saved=1");

        await page.GetByLabel("Included keys (one per line)").FillAsync("carol\ndave");
        await page.GetByLabel("Rules (JSON)").FillAsync("{ not json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("rules are not valid JSON");
        await Expect(page.GetByLabel("Included keys (one per line)")).ToHaveValueAsync("carol\ndave");

        await page.GetByLabel("Rules (JSON)").FillAsync("""[{ "id": "staff", "clauses": [{ "attribute": "email", "operator": "endsWithh", "values": ["@example.com"] }] }]""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("endsWithh");

        await page.GetByLabel("Rules (JSON)").FillAsync("[]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("carol, dave");

        await page.GotoAsync($"/projects/{project}/flags/beta-ui?env=development");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Development" }).ClickAsync();
        var add = page.Locator("#add-rule");
        await add.GetByLabel("Operator").SelectOptionAsync("segmentMatch");
        await add.GetByLabel("Values").FillAsync("beta-testers");
        await add.GetByLabel("Serve on").CheckAsync();
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.Locator(".rule")).ToContainTextAsync("segmentMatch beta-testers");

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("""{ "targetingKey": "dave" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Development" }).ClickAsync();
        await Expect(page.Locator("#preview-variation")).ToHaveTextAsync("on");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("Rule 1");
    }
}
