using System.Net.Http.Headers;
using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Keys;

/// <summary>SDK keys and API tokens: a secret is shown once, it works, and revoking it stops it.</summary>
public sealed class KeysAndTokensTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_new_server_key_is_shown_once_works_and_stops_working_when_revoked()
    {
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(TestContext.Current.CancellationToken);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/keys?env=staging");
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("server");
        await page.GetByLabel("Earlier keys of this kind keep working for").SelectOptionAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = await page.GetByLabel("New key").InputValueAsync();
        Assert.StartsWith("vx_srv_", secret, StringComparison.Ordinal);
        Assert.Equal(200, await RulesetStatusAsync(secret));

        await page.GotoAsync($"/projects/{project}/keys?env=staging");
        await Expect(page.GetByLabel("New key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "revoked" })).ToBeVisibleAsync();
        Assert.Equal(401, await RulesetStatusAsync(secret));
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
