using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Segments;

/// <summary>A segment made and edited in the browser with the rule editor, used by a flag rule, and bad rules refused with the input kept.</summary>
public sealed class SegmentTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_segment_built_with_the_rule_editor_is_matched_by_a_flag_rule_and_a_refused_rule_keeps_its_input()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "beta-ui", ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/segments?env=development");
        await page.GetByLabel("Key").FillAsync("beta-testers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create segment" }).ClickAsync();
        await page.WaitForURLAsync("**/segments/beta-testers?env=development&saved=1");

        await page.GetByText("Edit the description and members").ClickAsync();
        await page.GetByLabel("Included keys (one per line)").FillAsync("carol\ndave");
        await page.GetByLabel("Excluded keys (one per line)").FillAsync("mallory");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save members" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#included-keys")).ToHaveTextAsync("carol, dave");
        await Expect(page.Locator("#excluded-keys")).ToHaveTextAsync("mallory");

        // A rule Core refuses (a regular expression that does not compile): nothing saved, the form open and as typed.
        var add = page.Locator("#add-segment-rule");
        await Expect(add.GetByLabel("Operator").Locator("option[value=segmentMatch]")).ToHaveCountAsync(0);
        await add.GetByLabel("Attribute").FillAsync("email");
        await add.GetByLabel("Operator").SelectOptionAsync("matches");
        await add.GetByLabel("Values").FillAsync("(unclosed");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("regular expression");
        await Expect(add.GetByLabel("Attribute")).ToHaveValueAsync("email");
        await Expect(add.GetByLabel("Operator")).ToHaveValueAsync("matches");
        await Expect(add.GetByLabel("Values")).ToHaveValueAsync("(unclosed");
        await Expect(page.Locator("li.rule")).ToHaveCountAsync(0);

        await add.GetByLabel("Operator").SelectOptionAsync("endsWith");
        await add.GetByLabel("Values").FillAsync("@example.com");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("li.rule")).ToHaveCountAsync(1);
        await Expect(page.Locator("li.rule")).ToContainTextAsync("rule-1");
        await Expect(page.Locator("li.rule")).ToContainTextAsync("email endsWith @example.com");

        // A second clause on the rule: a missing value is refused and the typed attribute stays.
        await page.GetByText("Add a clause").ClickAsync();
        var clause = page.Locator("#rule-1-clause");
        await clause.GetByLabel("Attribute").FillAsync("country");
        await clause.GetByRole(AriaRole.Button, new() { Name = "Add clause" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least one value");
        await Expect(clause.GetByLabel("Attribute")).ToHaveValueAsync("country");
        await clause.GetByLabel("Values").FillAsync("fr, de");
        await clause.GetByRole(AriaRole.Button, new() { Name = "Add clause" }).ClickAsync();
        await Expect(page.Locator("li.rule")).ToContainTextAsync("country in fr, de");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove clause 2 of rule 1" }).ClickAsync();
        await Expect(page.Locator("li.rule")).Not.ToContainTextAsync("country");

        var stored = (await admin.GetAsync($"/api/v1/projects/{project}/environments/development/segments/beta-testers")).ToString();
        Assert.Contains("\"rule-1\"", stored, StringComparison.Ordinal);
        Assert.Contains("@example.com", stored, StringComparison.Ordinal);

        await page.GotoAsync($"/projects/{project}/flags/beta-ui?env=development");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Development" }).ClickAsync();
        var flagRule = page.Locator("#add-rule");
        await flagRule.GetByLabel("Operator").SelectOptionAsync("segmentMatch");
        await flagRule.GetByLabel("Values").FillAsync("beta-testers");
        await flagRule.GetByLabel("Serve on").CheckAsync();
        await flagRule.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.Locator(".rule")).ToContainTextAsync("segmentMatch beta-testers");

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("""{ "targetingKey": "erin", "email": "erin@example.com" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Development" }).ClickAsync();
        await Expect(page.Locator("#preview-variation")).ToHaveTextAsync("on");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("Rule 1");
    }
}
