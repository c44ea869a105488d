using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>The dashboard under a change policy: a toggle is sent for review, listed under Changes, approved by another person and applied.</summary>
public sealed class DashboardChangesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Password = "a-long-password-1";

    [Fact(Timeout = 90_000)]
    public async Task HeldToggle_IsListedWithItsDifference_AndAnotherPersonApprovesAndAppliesIt()
    {
        var project = await fixture.Admin.CreateProjectAsync();
        await fixture.Admin.CreateFlagAsync(project, "f");
        (await fixture.Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/policy", new { requiredApprovals = 1, approverRoles = new[] { "editor", "administrator" } })).EnsureSuccessStatusCode();
        var reviewer = "rev-" + Guid.NewGuid().ToString("N")[..6];
        (await fixture.Admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = reviewer, password = Password, role = "editor" })).EnsureSuccessStatusCode();
        using var author = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword);
        using var other = await Session.SignInAsync(fixture.Server.Address, reviewer, Password);

        using var toggle = await author.SendAsync(HttpMethod.Post, $"/projects/{project}/flags/f/toggle", "env=production&etag=*&enabled=true", withToken: true);
        Assert.Equal(HttpStatusCode.Accepted, toggle.StatusCode);
        Assert.Contains("Sent for review", await toggle.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var id = (await (await fixture.Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/change-requests")).JsonAsync())[0].GetProperty("id").GetInt64();

        using var page = await other.SendAsync(HttpMethod.Get, $"/projects/{project}/changes", string.Empty, withToken: false);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Turn on flag 'f' in production", html, StringComparison.Ordinal);
        Assert.Contains("enabled: false → true", html, StringComparison.Ordinal);

        using var self = await author.SendAsync(HttpMethod.Post, $"/projects/{project}/changes/{id}", "step=approve", withToken: true);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Contains("own change requests", await self.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var approve = await other.SendAsync(HttpMethod.Post, $"/projects/{project}/changes/{id}", "step=approve&comment=ok", withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        using var apply = await other.SendAsync(HttpMethod.Post, $"/projects/{project}/changes/{id}", "step=apply", withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);

        var flag = await (await fixture.Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/f")).JsonAsync();
        Assert.True(flag.GetProperty("flag").GetProperty("enabled").GetBoolean());
    }

    [Fact(Timeout = 90_000)]
    public async Task EnvironmentPermissions_AnEditorWhoMayOnlyReadIsToldNotAllowed_AndOneWhoProposesIsSentForReview()
    {
        var project = await fixture.Admin.CreateProjectAsync();
        await fixture.Admin.CreateFlagAsync(project, "f");
        var editor = "ed-" + Guid.NewGuid().ToString("N")[..6];
        (await fixture.Admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = editor, password = Password, role = "editor" })).EnsureSuccessStatusCode();
        (await fixture.Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/permissions", new { editor = "read" })).EnsureSuccessStatusCode();
        using var session = await Session.SignInAsync(fixture.Server.Address, editor, Password);

        using (var refused = await session.SendAsync(HttpMethod.Post, $"/projects/{project}/flags/f/toggle", "env=production&etag=*&enabled=true", withToken: true))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("Not allowed", page, StringComparison.Ordinal);
            Assert.Contains("may only read &#x27;production&#x27;", page, StringComparison.Ordinal);
        }

        (await fixture.Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/permissions", new { editor = "propose" })).EnsureSuccessStatusCode();
        using (var held = await session.SendAsync(HttpMethod.Post, $"/projects/{project}/flags/f/toggle", "env=production&etag=*&enabled=true", withToken: true))
        {
            Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
            Assert.Contains("only propose changes to", await held.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        var flag = await (await fixture.Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/f")).JsonAsync();
        Assert.False(flag.GetProperty("flag").TryGetProperty("enabled", out var on) && on.GetBoolean());
    }
}
