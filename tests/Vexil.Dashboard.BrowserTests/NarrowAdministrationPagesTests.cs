using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests;

/// <summary>The segment editor, the administrators' pages (keys, webhooks, accounts), governance and the schedule forms fit a 390 px wide screen.</summary>
public sealed class NarrowAdministrationPagesTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Segment_keys_webhooks_accounts_governance_and_changes_pages_fit_a_390_px_screen()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.PostAsync($"/api/v1/projects/{project}/environments/production/segments", new { key = "beta", included = new[] { "a-rather-long-context-key-0001", "another-long-context-key-0002" }, rules = new[] { new { id = "rule-1", clauses = new[] { new { attribute = "email", @operator = "endsWith", values = new[] { "@a-long-company-domain.example.com" } } } } } });
        await admin.PostAsync($"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "client", name = "web-storefront", allowedOrigins = new[] { "https://storefront.example.com" } });
        await admin.PostAsync($"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/a/rather/long/path/to/the/receiver", events = new[] { "flag.*", "segment.*" } });
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        await admin.PostAsync($"/api/v1/projects/{project}/schedules", new { title = "Open checkout to everyone on Monday morning", runAt = "2036-01-05T09:00:00Z", changes = new[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } } });
        var webhook = (await admin.GetAsync($"/api/v1/projects/{project}/webhooks")).EnumerateArray().Single().GetProperty("id").GetString();

        var narrow = await fixture.NewPageAsync(width: 390, height: 844);
        foreach (var path in new[] { $"/projects/{project}/segments/beta?env=production", $"/projects/{project}/keys?env=production", $"/projects/{project}/webhooks", $"/projects/{project}/webhooks/{webhook}", "/accounts", "/projects", $"/projects/{project}/governance?env=production", $"/projects/{project}/changes" })
        {
            await narrow.GotoAsync(path);
            await Expect(narrow.Locator("h1")).ToBeVisibleAsync();
            var wide = await narrow.EvaluateAsync<string>("() => document.documentElement.scrollWidth + ' px of ' + window.innerWidth + ': ' + [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 15).join(' | ')");
            Assert.False(await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{path} fits a 390 px wide screen without scrolling sideways; {wide}");
        }
    }
}
