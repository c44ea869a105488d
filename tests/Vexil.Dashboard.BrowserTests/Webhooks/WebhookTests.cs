using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Webhooks;

/// <summary>Webhooks in the browser: a refused receiver reads as a sentence, the secret is shown once, edit (name, on/off) and delete.</summary>
public sealed class WebhookTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_webhook_is_created_with_its_secret_shown_once_edited_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/webhooks");
        await Expect(page.GetByText("No webhook yet.")).ToBeVisibleAsync();

        // The destination policy's refusal, as a sentence, and the form as typed.
        var form = page.Locator("#new-webhook");
        await form.GetByLabel("Receiver URL").FillAsync("http://127.0.0.1:9/hook");
        await form.GetByLabel("Description").FillAsync("deploy bot");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("loopback");
        await Expect(form.GetByLabel("Receiver URL")).ToHaveValueAsync("http://127.0.0.1:9/hook");
        await Expect(form.GetByLabel("Description")).ToHaveValueAsync("deploy bot");

        await form.GetByLabel("Receiver URL").FillAsync("https://hooks.example.com/vexil");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await form.GetByLabel("Environment").SelectOptionAsync("production");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();
        var secret = await page.GetByLabel("Signing secret").InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = (await admin.GetAsync($"/api/v1/projects/{project}/webhooks")).EnumerateArray().ToArray();
        Assert.Single(listed);
        Assert.Equal("https://hooks.example.com/vexil", listed[0].GetProperty("url").GetString());
        Assert.Equal("production", listed[0].GetProperty("environment").GetString());
        Assert.Equal("deploys", listed[0].GetProperty("name").GetString());
        Assert.True(listed[0].GetProperty("enabled").GetBoolean());

        await page.GotoAsync($"/projects/{project}/webhooks");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("tbody tr").Locator(".pill")).ToHaveTextAsync("On");
        await page.GetByRole(AriaRole.Link, new() { Name = "deploys" }).ClickAsync();
        await Expect(page.GetByText("Nothing delivered yet.")).ToBeVisibleAsync();

        var edit = page.Locator("#edit-webhook");
        await edit.GetByLabel("segment.*").CheckAsync();
        await edit.GetByLabel("Single event types (comma separated)").FillAsync("flag.nonsense");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("events[2]");
        await Expect(edit.GetByLabel("Single event types (comma separated)")).ToHaveValueAsync("flag.nonsense");
        await Expect(edit.GetByLabel("segment.*")).ToBeCheckedAsync();
        await edit.GetByLabel("Single event types (comma separated)").FillAsync("");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        var events = (await admin.GetAsync($"/api/v1/projects/{project}/webhooks")).EnumerateArray().Single().GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(["flag.*", "segment.*"], events);

        // Renamed and turned off: kept, with its secret, but sent nothing; the list says so.
        await edit.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys-paused");
        await edit.GetByLabel("Enabled").UncheckAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save webhook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("deploys-paused");
        await Expect(page.Locator("#edit-webhook").GetByLabel("Enabled")).Not.ToBeCheckedAsync();
        var paused = (await admin.GetAsync($"/api/v1/projects/{project}/webhooks")).EnumerateArray().Single();
        Assert.Equal(("deploys-paused", false), (paused.GetProperty("name").GetString(), paused.GetProperty("enabled").GetBoolean()));
        Assert.Equal(listed[0].GetProperty("secretHint").GetString(), paused.GetProperty("secretHint").GetString());
        await page.GotoAsync($"/projects/{project}/webhooks");
        await Expect(page.Locator("tbody tr").Locator(".pill")).ToHaveTextAsync("Off");
        await page.GetByRole(AriaRole.Link, new() { Name = "deploys-paused" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete webhook" }).ClickAsync();
        await Expect(page.GetByText("No webhook yet.")).ToBeVisibleAsync();
        Assert.Empty((await admin.GetAsync($"/api/v1/projects/{project}/webhooks")).EnumerateArray());
    }
}
