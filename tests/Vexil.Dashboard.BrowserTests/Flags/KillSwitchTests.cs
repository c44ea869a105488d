using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Flags;

/// <summary>Turning a flag off in production: a confirmation and a comment, and a connected SDK sees it.</summary>
public sealed class KillSwitchTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Turning_a_flag_off_in_production_asks_for_a_comment_and_a_connected_SDK_receives_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        await admin.Api.SetEnabledAsync(project, "production", "checkout", true, ct);
        await admin.Api.ConfigureFlagAsync(project, "production", "checkout", new { enabled = true, offVariation = "off", fallthrough = new { variation = "on" } }, ct);
        var serverKey = await admin.Api.CreateSdkKeyAsync(project, "production", "server", ct);

        await using var client = new VexilClient(new VexilOptions
        {
            SdkKey = serverKey,
            BaseAddress = fixture.Address,
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
            RequestTimeout = TimeSpan.FromSeconds(5),
            SendEvents = false,
        });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(30), ct));
        Assert.True(client.GetBoolean("checkout", false));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/checkout?env=production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off in Production" }).ClickAsync();

        // Not yet: a confirmation page that needs a comment.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Turn off checkout in production?" })).ToBeVisibleAsync();
        Assert.True(client.GetBoolean("checkout", false));
        await page.GetByLabel("Comment (required)").FillAsync("Incident 4711: checkout errors");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off in production" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Off in Production" })).ToBeVisibleAsync();
        await Eventually.True(() => !client.GetBoolean("checkout", true), "the SDK receives the change through its stream", 30_000);

        // The audit log names the person and keeps the comment.
        var audit = await admin.GetAsync($"/api/v1/projects/{project}/audit");
        var entry = audit.GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == "flag.off");
        Assert.Equal("user:admin", entry.GetProperty("actor").GetString());
        Assert.Equal("Incident 4711: checkout errors", entry.GetProperty("comment").GetString());
        await page.GotoAsync($"/projects/{project}/audit?flag=checkout");
        await Expect(page.GetByText("“Incident 4711: checkout errors”")).ToBeVisibleAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Confirming_without_a_comment_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        await admin.Api.SetEnabledAsync(project, "production", "checkout", true, ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/flags/checkout?env=production");
        var etag = await page.Locator("form.inline-form input[name=etag]").InputValueAsync();
        var token = await page.Locator("form.inline-form input[name=__RequestVerificationToken]").InputValueAsync();

        var response = await page.APIRequest.PostAsync($"/projects/{project}/flags/checkout/toggle", new()
        {
            Form = SignInTests.FormWith(page, ("__RequestVerificationToken", token), ("env", "production"), ("etag", etag), ("enabled", "false"), ("confirm", "yes"), ("comment", " ")),
            MaxRedirects = 0,
        });
        Assert.Equal(422, response.Status);
        Assert.Contains("Say why in a comment", await response.TextAsync(), StringComparison.Ordinal);
        var config = (await admin.GetAsync($"/api/v1/projects/{project}/environments/production/flags/checkout")).GetProperty("flag");
        Assert.True(config.GetProperty("enabled").GetBoolean());
    }
}
