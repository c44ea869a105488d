using System.Net;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>A person lists and revokes their sessions, signs out, and changes their password; an administrator does the same for any account; each at once.</summary>
public sealed class SessionsApiTests
{
    private const string Password = "a-long-password-1";

    [Fact(Timeout = 120_000)]
    public async Task Sessions_AreListedWithTheirExpiry_AndRevokingOne_EndsItAtOnce()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "fay");
        using var api = server.Client(await VexilTestServer.LoginAsync(server.Address, "fay", Password));
        using var web = await Session.SignInAsync(server.Address, "fay", Password);

        var sessions = (await (await api.SendAsync(HttpMethod.Get, "/api/v1/auth/sessions")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("kind").GetString() == "api" && s.GetProperty("current").GetBoolean());
        var dashboard = sessions.Single(s => s.GetProperty("kind").GetString() == "dashboard");
        Assert.False(dashboard.GetProperty("current").GetBoolean());
        Assert.All(sessions, s => Assert.InRange(s.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromHours(11), TimeSpan.FromHours(12)));

        using (var revoked = await api.SendAsync(HttpMethod.Delete, $"/api/v1/auth/sessions/{dashboard.GetProperty("id").GetInt64()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using (var page = await web.SendAsync(HttpMethod.Get, "/projects", string.Empty, withToken: false))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }

        // Someone else's session is not one's own to revoke.
        var adminSession = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/auth/sessions")).JsonAsync()).EnumerateArray().First().GetProperty("id").GetInt64();
        using var notMine = await api.SendAsync(HttpMethod.Delete, $"/api/v1/auth/sessions/{adminSession}");
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        using var stillThere = await admin.SendAsync(HttpMethod.Get, "/api/v1/projects");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task SigningOutThroughTheApi_EndsTheBearerSessionAtOnce()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var api = server.Client(await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword));
        using (var ok = await api.SendAsync(HttpMethod.Get, "/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var logout = await api.SendAsync(HttpMethod.Post, "/api/v1/auth/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var after = await api.SendAsync(HttpMethod.Get, "/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task AnAdministrator_ListsAndRevokesAnotherAccountsSession()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "gus");
        using var stolen = server.Client(await VexilTestServer.LoginAsync(server.Address, "gus", Password));

        var sessions = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts/gus/sessions")).JsonAsync()).EnumerateArray().ToList();
        var id = Assert.Single(sessions).GetProperty("id").GetInt64();
        using (var revoked = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/accounts/gus/sessions/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var after = await stolen.SendAsync(HttpMethod.Get, "/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Empty((await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts/gus/sessions")).JsonAsync()).EnumerateArray());
        using var unknown = await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts/nobody/sessions");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task ChangingOnesPassword_NeedsTheCurrentOne_AndSignsOutTheOtherSessions()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "hal");
        using var current = server.Client(await VexilTestServer.LoginAsync(server.Address, "hal", Password));
        using var other = server.Client(await VexilTestServer.LoginAsync(server.Address, "hal", Password));

        using (var wrong = await current.SendAsync(HttpMethod.Put, "/api/v1/auth/password", new { currentPassword = "not-the-password", newPassword = "a-brand-new-password" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        }

        using (var tooShort = await current.SendAsync(HttpMethod.Put, "/api/v1/auth/password", new { currentPassword = Password, newPassword = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        }

        using (var changed = await current.SendAsync(HttpMethod.Put, "/api/v1/auth/password", new { currentPassword = Password, newPassword = "a-brand-new-password" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await current.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountLifecycleTests.LoginAsync(server, "hal", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountLifecycleTests.LoginAsync(server, "hal", "a-brand-new-password")).StatusCode);

        // An API token is no person: it has no password to change.
        using var token = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null));
        Assert.Equal(HttpStatusCode.Forbidden, (await token.SendAsync(HttpMethod.Put, "/api/v1/auth/password", new { currentPassword = Password, newPassword = "a-brand-new-password" })).StatusCode);
    }
}
