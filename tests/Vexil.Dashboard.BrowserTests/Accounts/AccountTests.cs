using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Accounts;

/// <summary>Accounts in the browser: create, change the role (in force at the next sign-in), disable, each in the recent activity; a viewer is refused the administrators' pages.</summary>
public sealed class AccountTests(DashboardFixture fixture)
{
    private const string Password = "account-password-123";

    [Fact(Timeout = 120_000)]
    public async Task An_account_is_created_given_another_role_and_disabled()
    {
        var username = "pm-" + Guid.NewGuid().ToString("N")[..6];
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/accounts");
        var form = page.Locator("#new-account");
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Role").SelectOptionAsync("viewer");
        await form.GetByLabel("Password (empty: invite with a link)").FillAsync("short");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");
        await Expect(form.GetByLabel("Username")).ToHaveValueAsync(username);

        await form.GetByLabel("Password (empty: invite with a link)").FillAsync(Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Account {username} created as viewer.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = username });
        await Expect(row).ToContainTextAsync("active");

        await row.GetByLabel($"Role of {username}", new() { Exact = true }).SelectOptionAsync("editor");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Change the role of {username}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(row.GetByLabel($"Role of {username}", new() { Exact = true })).ToHaveValueAsync("editor");

        var theirs = await fixture.NewPageAsync(username, Password);
        await theirs.GotoAsync("/");
        await Expect(theirs.Locator(".badge.role")).ToHaveTextAsync("editor");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {username}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = username })).ToContainTextAsync("disabled");

        // Disabling ended their session, and they cannot sign in again.
        await theirs.GotoAsync("/");
        Assert.Contains("/signin", theirs.Url, StringComparison.Ordinal);
        await theirs.GetByLabel("Username").FillAsync(username);
        await theirs.GetByLabel("Password").FillAsync(Password);
        await theirs.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(theirs.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Contains("/signin", theirs.Url, StringComparison.Ordinal);

        // What happened reads as sentences in the accounts page's recent activity (account entries belong to no project).
        await page.GotoAsync("/accounts");
        var activity = page.Locator("#account-activity");
        await Expect(activity).ToContainTextAsync($"created {username} as viewer");
        await Expect(activity).ToContainTextAsync($"changed {username}'s role from viewer to editor");
        await Expect(activity).ToContainTextAsync($"disabled {username}");
        await Expect(activity).ToContainTextAsync($"a sign-in as {username} was refused");
        await Expect(activity.Locator("li").First).ToContainTextAsync($"a sign-in as {username} was refused"); // newest first
    }

    [Fact(Timeout = 120_000)]
    public async Task A_viewer_is_refused_accounts_webhooks_and_keys_and_sees_no_link_to_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        var viewer = await admin.CreateAccountAsync("viewer", Password);
        var page = await fixture.NewPageAsync(viewer, Password);
        await page.GotoAsync($"/projects/{project}/flags");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" })).ToHaveCountAsync(0);

        foreach (var path in new[] { "/accounts", $"/projects/{project}/webhooks", $"/projects/{project}/keys" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
        }

        await page.GotoAsync($"/projects/{project}/flags");
        var token = await page.Locator("form[action='/signout'] input[name=__RequestVerificationToken]").InputValueAsync();
        var forged = await page.APIRequest.PostAsync("/accounts", new()
        {
            Form = SignInTests.FormWith(page, ("__RequestVerificationToken", token), ("username", "forged-" + viewer), ("role", "administrator"), ("password", Password)),
            MaxRedirects = 0,
        });
        Assert.Equal(403, forged.Status);
        var accounts = (await admin.GetAsync("/api/v1/accounts")).EnumerateArray().Select(a => a.GetProperty("username").GetString()).ToArray();
        Assert.DoesNotContain("forged-" + viewer, accounts);
    }
}
