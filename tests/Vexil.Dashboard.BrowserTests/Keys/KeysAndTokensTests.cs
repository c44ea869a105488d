using System.Net.Http.Headers;
using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Keys;

/// <summary>SDK keys and API tokens: a secret is shown once, it works, a new key replaces none, and revoking one stops only it.</summary>
public sealed class KeysAndTokensTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_second_server_key_leaves_the_first_working_and_revoking_the_first_stops_only_it()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/keys?env=staging");
        var form = page.Locator("#new-key");
        await form.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("server");
        await form.GetByLabel("Name (optional)").FillAsync("checkout-api");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var first = await page.GetByLabel("New key").InputValueAsync();
        Assert.StartsWith("vx_srv_", first, StringComparison.Ordinal);
        Assert.Equal(200, await RulesetStatusAsync(first));

        await form.GetByLabel("Name (optional)").FillAsync("billing-worker");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The other keys are unchanged.");
        var second = await page.GetByLabel("New key").InputValueAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(200, await RulesetStatusAsync(first));
        Assert.Equal(200, await RulesetStatusAsync(second));

        await page.GotoAsync($"/projects/{project}/keys?env=staging");
        await Expect(page.GetByLabel("New key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(first, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "checkout-api" })).ToContainTextAsync("active");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "billing-worker" })).ToContainTextAsync("active");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke server key checkout-api now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "checkout-api" })).ToContainTextAsync("revoked");
        Assert.Equal(401, await RulesetStatusAsync(first));
        Assert.Equal(200, await RulesetStatusAsync(second));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_client_key_with_a_bad_origin_is_refused_with_the_form_as_typed_and_created_with_good_ones()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/keys?env=production");
        var form = page.Locator("#new-key");
        await form.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("client");
        await form.GetByLabel("Browser origins of a client key (one per line)").FillAsync("https://app.example.com/path");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must be an origin");
        await Expect(form.GetByLabel("Kind", new() { Exact = true })).ToHaveValueAsync("client");
        await Expect(form.GetByLabel("Browser origins of a client key (one per line)")).ToHaveValueAsync("https://app.example.com/path");

        await form.GetByLabel("Browser origins of a client key (one per line)").FillAsync("https://App.Example.com:443");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        Assert.StartsWith("vx_cli_", await page.GetByLabel("New key").InputValueAsync(), StringComparison.Ordinal);
        var keys = (await admin.GetAsync($"/api/v1/projects/{project}/environments/production/sdk-keys")).EnumerateArray().ToArray();
        Assert.Equal("https://app.example.com", Assert.Single(keys).GetProperty("allowedOrigins")[0].GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_new_API_token_is_shown_once_and_revoking_it_stops_it()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/tokens");
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Role").SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = await page.GetByLabel("New token").InputValueAsync();
        Assert.StartsWith("vx_api_", secret, StringComparison.Ordinal);
        Assert.Equal(200, await ProjectsStatusAsync(secret));

        await page.GotoAsync("/tokens");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("revoked");
        Assert.Equal(401, await ProjectsStatusAsync(secret));
    }

    private async Task<int> RulesetStatusAsync(string key) => await StatusAsync("/sdk/v1/ruleset", key);

    private async Task<int> ProjectsStatusAsync(string token) => await StatusAsync("/api/v1/projects", token);

    private async Task<int> StatusAsync(string path, string bearer)
    {
        using var client = new HttpClient { BaseAddress = fixture.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (int)response.StatusCode;
    }
}
