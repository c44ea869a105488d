using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>An administrator's one-time reset link sets a password once, signs out the account's sessions, and expires.</summary>
public sealed class ResetLinkTests
{
    private const string Password = "a-long-password-1";
    private const string NewPassword = "a-password-from-the-link";

    [Fact(Timeout = 120_000)]
    public async Task AResetLink_SetsThePasswordOnce_AndSignsOutTheAccount()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "ivy");
        using var old = server.Client(await VexilTestServer.LoginAsync(server.Address, "ivy", Password));

        var link = await IssueAsync(admin, "ivy");
        var token = link.GetProperty("token").GetString()!;
        Assert.StartsWith("vx_rst_", token, StringComparison.Ordinal);
        Assert.Equal(new Uri(server.Address, "/reset-password?token=" + token), new Uri(link.GetProperty("url").GetString()!));

        // The link is no credential.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(token).SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);

        using var anonymous = server.Client();
        using (var used = await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, used.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await old.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountLifecycleTests.LoginAsync(server, "ivy", NewPassword)).StatusCode);

        using var again = await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token, newPassword = "yet-another-password" });
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await AccountLifecycleTests.LoginAsync(server, "ivy", NewPassword)).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task AResetLink_Expires_IsReplacedByANewerOne_AndDiesWithTheAccountsDisabling()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = server.Client(await AuthorizationMatrixTests.TokenAsync(await server.AdminAsync(), "administrator", null));
        await AccountLifecycleTests.CreateAsync(admin, "jo");
        using var anonymous = server.Client();

        var first = (await IssueAsync(admin, "jo")).GetProperty("token").GetString();
        var second = (await IssueAsync(admin, "jo")).GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token = first, newPassword = NewPassword })).StatusCode);

        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token = second, newPassword = NewPassword })).StatusCode);

        var third = (await IssueAsync(admin, "jo")).GetProperty("token").GetString();
        (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts/jo/disable")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token = third, newPassword = NewPassword })).StatusCode);
        using var forDisabled = await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts/jo/password-reset");
        Assert.Equal(HttpStatusCode.NotFound, forDisabled.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task UsingAResetLink_LiftsTheNamesSignInLock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = server.Client(await AuthorizationMatrixTests.TokenAsync(await server.AdminAsync(), "administrator", null));
        await AccountLifecycleTests.CreateAsync(admin, "lee");
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await AccountLifecycleTests.LoginAsync(server, "lee", "wrong");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountLifecycleTests.LoginAsync(server, "lee", Password)).StatusCode);

        var token = (await IssueAsync(admin, "lee")).GetProperty("token").GetString();
        using var anonymous = server.Client();
        (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auth/password-reset", new { token, newPassword = NewPassword })).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromSeconds(5)); // past the address's own short wait (21 failures), far inside the name's 15-minute lock
        Assert.Equal(HttpStatusCode.OK, (await AccountLifecycleTests.LoginAsync(server, "lee", NewPassword)).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheLinksDashboardPage_SetsThePassword()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "kim");
        var link = await IssueAsync(admin, "kim");
        var token = link.GetProperty("token").GetString()!;

        using var browser = Session.Anonymous(server.Address);
        using (var page = await browser.SendAsync(HttpMethod.Get, "/reset-password?token=" + Uri.EscapeDataString(token), string.Empty, withToken: false))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(token, await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using (var tooShort = await browser.SendAsync(HttpMethod.Post, "/reset-password", $"token={Uri.EscapeDataString(token)}&password=short", withToken: true))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        }

        using (var set = await browser.SendAsync(HttpMethod.Post, "/reset-password", $"token={Uri.EscapeDataString(token)}&password={NewPassword}", withToken: true))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await AccountLifecycleTests.LoginAsync(server, "kim", NewPassword)).StatusCode);
    }

    private static async Task<JsonElement> IssueAsync(HttpClient admin, string username)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{username}/password-reset");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }
}
