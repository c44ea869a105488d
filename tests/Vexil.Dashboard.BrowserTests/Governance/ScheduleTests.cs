using Microsoft.Playwright;
using Vexil.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vexil.Dashboard.BrowserTests.Governance;

/// <summary>A scheduled change made, moved and cancelled from the Changes page; a time in the past is refused with the form kept.</summary>
public sealed class ScheduleTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task A_schedule_is_created_moved_and_cancelled_and_a_past_time_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await Admin.SignInAsync(fixture.Address);
        var project = await admin.Api.CreateProjectAsync(ct);
        await admin.Api.CreateBooleanFlagAsync(project, "checkout", ct);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/changes");
        var form = page.Locator("#new-schedule");
        await form.GetByLabel("Title").FillAsync("Open checkout");
        await form.GetByLabel("Flag").FillAsync("checkout");
        await form.GetByLabel("Environment").SelectOptionAsync("staging");
        await form.GetByLabel("Run at (UTC)").FillAsync("2020-01-01T09:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must be in the future");
        await Expect(form.GetByLabel("Title")).ToHaveValueAsync("Open checkout");
        await Expect(form.GetByLabel("Environment")).ToHaveValueAsync("staging");

        await form.GetByLabel("Run at (UTC)").FillAsync("2036-03-02T09:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Open checkout" });
        await Expect(row).ToContainTextAsync("2036-03-02 09:00:00 UTC");
        await Expect(row).ToContainTextAsync("staging");

        await row.GetByText("Move or cancel").ClickAsync();
        await row.GetByLabel("Run at (UTC)").FillAsync("2036-03-03T10:30");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save schedule Open checkout" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Open checkout" })).ToContainTextAsync("2036-03-03 10:30:00 UTC");
        var pending = (await admin.GetAsync($"/api/v1/projects/{project}/schedules?status=pending")).EnumerateArray().Single();
        Assert.Equal(new DateTimeOffset(2036, 3, 3, 10, 30, 0, TimeSpan.Zero), pending.GetProperty("runAt").GetDateTimeOffset());

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Open checkout" }).GetByText("Move or cancel").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule Open checkout" }).ClickAsync();
        await Expect(page.GetByText("Nothing scheduled.")).ToBeVisibleAsync();
        Assert.Empty((await admin.GetAsync($"/api/v1/projects/{project}/schedules?status=pending")).EnumerateArray());
    }
}
