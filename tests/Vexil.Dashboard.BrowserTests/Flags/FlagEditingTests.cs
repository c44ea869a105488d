using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Flags;

/// <summary>Creating a flag, individual targets, a percentage rollout, the preview, and a stale edit.</summary>
public sealed class FlagEditingTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Creating_a_flag_through_the_form_shows_it_off_everywhere_in_the_list()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags");
        await page.GetByRole(AriaRole.Link, new() { Name = "New flag" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Create flag" }).ClickAsync();
        Assert.Contains("/flags/new", page.Url, StringComparison.Ordinal); // the browser refuses an empty required key

        await page.GetByLabel("Key").FillAsync("new-checkout");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("New checkout");
        await page.GetByLabel("Description").FillAsync("The redesigned checkout");
        await page.GetByLabel("Tags").FillAsync("checkout, payments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create flag" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{project}/flags/new-checkout?saved=created");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Flag created");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Off in Production" })).ToBeVisibleAsync();

        var stored = await admin.GetAsync($"/api/v1/projects/{project}/flags/new-checkout");
        Assert.Equal("boolean", stored.GetProperty("type").GetString());
        Assert.Equal(["checkout", "payments"], stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));

        await page.GotoAsync($"/projects/{project}/flags?q=checkout");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "new-checkout" });
        await Expect(row.Locator(".pill.off")).ToHaveCountAsync(3);

        // The same key again is refused with a message, and the form keeps what was typed.
        await page.GotoAsync($"/projects/{project}/flags/new");
        await page.GetByLabel("Key").FillAsync("new-checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create flag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");
        await Expect(page.GetByLabel("Key")).ToHaveValueAsync("new-checkout");
    }

    [Fact(Timeout = 120_000)]
    public async Task Targeting_one_user_serves_them_the_variation_and_the_preview_says_why()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        await admin.Api.CreateBooleanFlagAsync(project, "beta", TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/beta?env=development");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Development" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "On in Development" })).ToBeVisibleAsync();

        await page.GetByLabel("Serve on to").FillAsync("alice");
        await page.Locator("form.target-form").Filter(new() { Has = page.GetByLabel("Serve on to") }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved targets in Development");

        var config = (await admin.GetAsync($"/api/v1/projects/{project}/environments/development/flags/beta")).GetProperty("flag");
        var target = config.GetProperty("targets")[0];
        Assert.Equal("on", target.GetProperty("variation").GetString());
        Assert.Equal(["alice"], target.GetProperty("values").EnumerateArray().Select(v => v.GetString()!));

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("""{ "targetingKey": "alice" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Development" }).ClickAsync();
        await Expect(page.Locator("#preview-variation")).ToHaveTextAsync("on");
        await Expect(page.Locator("#preview-reason")).ToHaveTextAsync("TARGETING_MATCH");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("individual target of 'on'");

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("""{ "targetingKey": "bob" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Development" }).ClickAsync();
        await Expect(page.Locator("#preview-variation")).ToHaveTextAsync("on");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("fallthrough");

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("{ not json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Development" }).ClickAsync();
        await Expect(page.Locator("#preview-result")).ToContainTextAsync("not valid JSON");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_30_percent_rollout_is_stored_and_weights_that_do_not_add_up_are_refused()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        await admin.Api.CreateBooleanFlagAsync(project, "new-search", TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/new-search?env=staging");

        var form = page.Locator("#fallthrough-form");
        await page.Locator("#fallthrough-h").Locator("..").GetByText("Change").ClickAsync();
        await form.GetByLabel("Percentage rollout").CheckAsync();
        await form.GetByLabel("on", new() { Exact = true }).FillAsync("30");
        await form.GetByLabel("off", new() { Exact = true }).FillAsync("60");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save fallthrough" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must add up to 100%; these add up to 90%");

        await page.Locator("#fallthrough-h").Locator("..").GetByText("Change").ClickAsync();
        await form.GetByLabel("Percentage rollout").CheckAsync();
        await form.GetByLabel("on", new() { Exact = true }).FillAsync("30");
        await form.GetByLabel("off", new() { Exact = true }).FillAsync("70");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save fallthrough" }).ClickAsync();
        await Expect(page.Locator("#fallthrough-text")).ToHaveTextAsync("rollout 30% on, 70% off");

        var config = (await admin.GetAsync($"/api/v1/projects/{project}/environments/staging/flags/new-search")).GetProperty("flag");
        var weights = config.GetProperty("fallthrough").GetProperty("rollout").GetProperty("weights");
        Assert.Equal([("on", 30_000), ("off", 70_000)], weights.EnumerateArray().Select(w => (w.GetProperty("variation").GetString()!, w.GetProperty("weight").GetInt32())));

        // A rule with a clause and its own rollout, then the preview names the rule and the bucket.
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on in Staging" }).ClickAsync();
        var add = page.Locator("#add-rule");
        await Expect(page.Locator("details.add")).ToHaveAttributeAsync("open", string.Empty); // open while there is no rule
        await add.GetByLabel("Attribute").FillAsync("email");
        await add.GetByLabel("Operator").SelectOptionAsync("endsWith");
        await add.GetByLabel("Values").FillAsync("@example.com");
        await add.GetByLabel("Percentage rollout").CheckAsync();
        await add.GetByLabel("on", new() { Exact = true }).FillAsync("30");
        await add.GetByLabel("off", new() { Exact = true }).FillAsync("60");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        // Refused: the form comes back as typed, so only the wrong weight needs fixing.
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("these add up to 90%");
        await Expect(add.GetByLabel("Attribute")).ToHaveValueAsync("email");
        await Expect(add.GetByLabel("Operator")).ToHaveValueAsync("endsWith");
        await Expect(add.GetByLabel("Values")).ToHaveValueAsync("@example.com");
        await Expect(add.GetByLabel("Percentage rollout")).ToBeCheckedAsync();
        await Expect(add.GetByLabel("on", new() { Exact = true })).ToHaveValueAsync("30");
        await add.GetByLabel("off", new() { Exact = true }).FillAsync("70");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.Locator(".rule")).ToContainTextAsync("email endsWith @example.com");

        await page.GetByLabel("Evaluation context (JSON)").FillAsync("""{ "targetingKey": "user-42", "email": "ada@example.com" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate in Staging" }).ClickAsync();
        await Expect(page.Locator("#preview-reason")).ToHaveTextAsync("SPLIT");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("Rule 1");
        await Expect(page.Locator("#preview-why")).ToContainTextAsync("of 100,000 of the rollout");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_change_made_against_an_old_version_is_refused_with_a_way_to_reload()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        await admin.Api.CreateBooleanFlagAsync(project, "pricing", TestContext.Current.CancellationToken);
        var first = await fixture.NewPageAsync();
        var second = await fixture.NewPageAsync();
        await first.GotoAsync($"/projects/{project}/flags/pricing?env=development");
        await second.GotoAsync($"/projects/{project}/flags/pricing?env=development");

        await first.GetByLabel("Serve on to").FillAsync("first-user");
        await first.Locator("form.target-form").First.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved targets");

        await second.GetByLabel("Serve on to").FillAsync("second-user");
        await second.Locator("form.target-form").First.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Not saved: changed by someone else" })).ToBeVisibleAsync();
        await Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("changed by someone else since you opened it");

        var config = (await admin.GetAsync($"/api/v1/projects/{project}/environments/development/flags/pricing")).GetProperty("flag");
        Assert.Equal(["first-user"], config.GetProperty("targets")[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()!));

        await second.GetByRole(AriaRole.Link, new() { Name = "Reload the flag" }).ClickAsync();
        await Expect(second.GetByLabel("Serve on to")).ToHaveValueAsync("first-user");
    }
}
