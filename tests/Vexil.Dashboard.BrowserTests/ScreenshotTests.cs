using System.Globalization;
using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests;

/// <summary>
/// A project that looks like real use (flags with tags, rules, a rollout, targets, a segment, usage from SDK
/// summaries), and screenshots of the main pages (and the administrators' webhooks, accounts, governance and segment
/// rule editor) into docs/screenshots for the README and docs/dashboard.md.
/// </summary>
public sealed class ScreenshotTests(DashboardFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task The_main_pages_render_with_real_data_and_are_saved_as_screenshots()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = "storefront-" + Guid.NewGuid().ToString("N")[..4];
        await admin.PostAsync("/api/v1/projects", new { key = project, name = "Storefront" });
        var p = $"/api/v1/projects/{project}";
        object[] onOff = [new { key = "on", value = true }, new { key = "off", value = false }];
        await admin.PostAsync($"{p}/flags", new { key = "new-checkout", type = "boolean", name = "New checkout", description = "The redesigned one-page checkout", tags = new[] { "checkout", "team-payments" }, variations = onOff });
        await admin.PostAsync($"{p}/flags", new { key = "search-ranking", type = "string", name = "Search ranking", description = "Which ranking model answers search", tags = new[] { "search" }, variations = new object[] { new { key = "classic", value = "bm25" }, new { key = "semantic", value = "embeddings-v2" } } });
        await admin.PostAsync($"{p}/flags", new { key = "dark-mode", type = "boolean", name = "Dark mode", tags = new[] { "ui" }, lifetime = "permanent", variations = onOff });
        await admin.PostAsync($"{p}/flags", new { key = "free-shipping-threshold", type = "number", name = "Free shipping threshold", tags = new[] { "checkout", "pricing" }, variations = new object[] { new { key = "low", value = 25 }, new { key = "high", value = 50 } } });
        await admin.PostAsync($"{p}/flags", new { key = "maintenance-banner", type = "boolean", name = "Maintenance banner", tags = new[] { "ops" }, lifetime = "permanent", variations = onOff });
        await admin.PostAsync($"{p}/environments/production/segments", new { key = "beta-testers", description = "Customers who asked for early access", included = new[] { "user-7", "user-12", "user-31" }, excluded = new[] { "user-9" }, rules = new object[] { new { id = "staff", clauses = new object[] { new { attribute = "email", @operator = "endsWith", values = new[] { "@example.com" } } } } } });
        await admin.Api.ConfigureFlagAsync(project, "production", "new-checkout", new
        {
            enabled = true,
            offVariation = "off",
            targets = new object[] { new { variation = "on", values = new[] { "user-1", "user-2" } } },
            rules = new object[]
            {
                new { id = "beta", clauses = new object[] { new { attribute = "targetingKey", @operator = "segmentMatch", values = new[] { "beta-testers" } } }, serve = new { variation = "on" } },
                new { id = "enterprise", clauses = new object[] { new { attribute = "plan", @operator = "in", values = new[] { "enterprise" } }, new { attribute = "country", @operator = "in", values = new[] { "DE", "FR" }, negate = true } }, serve = new { variation = "off" } },
            },
            fallthrough = new { rollout = new { weights = new object[] { new { variation = "on", weight = 30_000 }, new { variation = "off", weight = 70_000 } } } },
        }, ct);
        await admin.Api.SetEnabledAsync(project, "development", "new-checkout", true, ct);
        await admin.Api.SetEnabledAsync(project, "staging", "new-checkout", true, ct);
        await admin.Api.SetEnabledAsync(project, "production", "dark-mode", true, ct);
        await admin.Api.SetEnabledAsync(project, "development", "search-ranking", true, ct);
        var serverKey = await admin.Api.CreateSdkKeyAsync(project, "production", "server", ct);
        await admin.Api.CreateSdkKeyAsync(project, "production", "client", ct);

        // Hours ending a few minutes ago, not at the top of the hour: from hh:59 on, the latest summary (ending a
        // minute before the hour) would be an hour old, shown as "1 h ago", and the wait below would never end.
        var hour = DateTimeOffset.UtcNow.AddMinutes(-5);
        hour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, hour.Minute, 0, TimeSpan.Zero);
        var summaries = new List<object>();
        for (var h = 0; h < 24; h++)
        {
            var start = hour.AddHours(-h - 1);
            var load = 600 + (int)(400 * Math.Sin(h / 3.8));
            summaries.Add(Summary("new-checkout", "on", load * 3 / 10, start));
            summaries.Add(Summary("new-checkout", "off", load * 7 / 10, start));
            summaries.Add(Summary("dark-mode", "on", load / 2, start));
        }

        await admin.SendSummariesAsync(serverKey, [.. summaries]);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags?env=production");
        await Eventually.True(() => page.Locator("tbody tr").Filter(new() { HasText = "new-checkout" }).InnerTextAsync().Result.Contains("min ago", StringComparison.Ordinal) || Reload(page), "the events pipeline records the evaluations", 30_000);
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(page, "flag-list");

        await page.GotoAsync($"/projects/{project}/flags/new-checkout?env=production&context=" + Uri.EscapeDataString("""{ "targetingKey": "user-42", "email": "ada@example.com", "plan": "team" }"""));
        await Expect(page.Locator("svg.chart rect").First).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-reason")).ToHaveTextAsync("TARGETING_MATCH");
        await Screenshots.SaveAsync(page, "flag-page");

        await page.GotoAsync($"/projects/{project}/segments/beta-testers?env=production");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "beta-testers" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "segment");

        await page.GotoAsync($"/projects/{project}/flags/new-checkout?env=production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off in Production" }).ClickAsync();
        await Expect(page.GetByLabel("Comment (required)")).ToBeVisibleAsync(); // the confirmation page has loaded: a capture during the navigation fails
        await Screenshots.SaveAsync(page, "confirm-off");
        await page.GetByLabel("Comment (required)").FillAsync("Incident 4711: payment provider errors");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off in production" }).ClickAsync();
        await page.GotoAsync($"/projects/{project}/audit?flag=new-checkout");
        await Expect(page.Locator(".sentences").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "audit");

        await page.GotoAsync($"/projects/{project}/keys?env=production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByLabel("New key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^vx_srv_"));
        await Screenshots.SaveAsync(page, "keys");

        await page.GotoAsync($"/projects/{project}/flags/new");
        await Screenshots.SaveAsync(page, "new-flag");
        await page.GotoAsync($"/projects/{project}/compare?left=staging&right=production");
        await Screenshots.SaveAsync(page, "compare");
        await page.GotoAsync($"/projects/{project}/flags/new-checkout/promote?from=staging&to=production");
        await Screenshots.SaveAsync(page, "promote-preview");
        await page.GotoAsync($"/projects/{project}/settings");
        await Screenshots.SaveAsync(page, "project-settings");

        // The administrators' pages: webhooks (one turned off), accounts with their recent activity, governance, and the segment rule editor.
        await admin.PostAsync($"{p}/webhooks", new { url = "https://hooks.example.com/deploys", events = new[] { "flag.*", "segment.*" }, environment = "production", name = "deploy-channel", description = "#deploys in team chat" });
        await admin.PostAsync($"{p}/webhooks", new { url = "https://archive.example.com/vexil", events = new[] { "*" }, name = "compliance-archive", description = "Paused while the archive moves", enabled = false });
        await page.GotoAsync($"/projects/{project}/webhooks");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "webhooks");

        var suffix = project[^4..];
        await admin.PostAsync("/api/v1/accounts", new { username = "priya-" + suffix, password = "screenshot-password-1", role = "editor" });
        await admin.PostAsync("/api/v1/accounts", new { username = "sam-" + suffix, password = "screenshot-password-1", role = "viewer" });
        await page.GotoAsync("/accounts");
        await Expect(page.Locator("#account-activity")).ToContainTextAsync("created sam-" + suffix + " as viewer");
        await Screenshots.SaveAsync(page, "accounts");

        await page.GotoAsync($"/projects/{project}/governance?env=production");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change policy" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "governance");

        await page.GotoAsync($"/projects/{project}/segments/beta-testers?env=production");
        await page.GetByText("Add a rule", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("#add-segment-rule")).ToBeVisibleAsync();
        await page.Locator("#add-segment-rule").GetByLabel("Attribute").FillAsync("plan");
        await page.Locator("#add-segment-rule").GetByLabel("Values").FillAsync("enterprise, team");
        await Screenshots.SaveAsync(page, "segment-rules");

        var narrow = await fixture.NewPageAsync(width: 390, height: 844);
        await narrow.GotoAsync($"/projects/{project}/flags/new-checkout?env=production");
        await Expect(narrow.GetByRole(AriaRole.Heading, new() { Name = "New checkout" })).ToBeVisibleAsync();
        var overflow = await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the flag page fits a 390 px wide screen without scrolling sideways");
        await Screenshots.SaveAsync(narrow, "flag-page-narrow");
        foreach (var (path, what) in new[] { ($"/projects/{project}/flags?env=production", "the flag list"), ($"/projects/{project}/audit", "the audit log"), ($"/projects/{project}/audit?flag=new-checkout", "a flag's history"), ($"/projects/{project}/compare?left=staging&right=production", "the compare page"), ($"/projects/{project}/flags/new-checkout/promote?from=staging&to=production", "a promotion's preview"), ($"/projects/{project}/flags/new-checkout/settings", "a flag's settings"), ($"/projects/{project}/settings", "the project settings") })
        {
            await narrow.GotoAsync(path);
            await Expect(narrow.Locator("h1")).ToBeVisibleAsync();
            // On failure, the elements that reach past the screen (those inside a box that scrolls on its own included).
            var wide = await narrow.EvaluateAsync<string>("() => document.documentElement.scrollWidth + ' px of ' + window.innerWidth + ': ' + [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 15).join(' | ')");
            Assert.False(await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{what} fits a 390 px wide screen without scrolling sideways; {wide}");
        }

        foreach (var name in new[] { "flag-list", "flag-page", "segment", "audit", "keys", "compare", "promote-preview", "project-settings", "webhooks", "accounts", "governance", "segment-rules" })
        {
            var file = new FileInfo(Path.Combine(Screenshots.Directory, name + ".png"));
            Assert.True(file.Exists && file.Length > 10_000, $"{name}.png was written");
        }
    }

    private static object Summary(string flag, string variation, int count, DateTimeOffset start) => new
    {
        flag,
        variation,
        version = 1,
        count,
        start = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        end = start.AddMinutes(59).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private static bool Reload(IPage page)
    {
        page.ReloadAsync().GetAwaiter().GetResult();
        return false;
    }
}
