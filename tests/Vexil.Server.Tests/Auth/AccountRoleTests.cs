using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>PUT /api/v1/accounts/{username}/role: audited, in force at once (sessions end), the last administrator and one's own role protected.</summary>
public sealed class AccountRoleTests
{
    private const string Password = "a-long-password-1";

    [Fact(Timeout = 120_000)]
    public async Task ChangingTheRole_EndsTheAccountsSessions_AndTheNextSignInCarriesTheNewRole()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await AccountLifecycleTests.CreateAsync(admin, "fay");
        using var before = server.Client(await VexilTestServer.LoginAsync(server.Address, "fay", Password));

        using (var changed = await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/fay/role", new { role = "editor" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal("editor", (await changed.JsonAsync()).GetProperty("role").GetString());
        }

        using (var old = await before.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        using var login = await AccountLifecycleTests.LoginAsync(server, "fay", Password);
        Assert.Equal("editor", (await login.JsonAsync()).GetProperty("role").GetString());
        var audit = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/audit?limit=500")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString() == "accounts/fay").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("account.role", audit);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheLastAdministrator_KeepsTheRole_NobodyLowersTheirOwn_AndABadRoleChangesNothing()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        using var token = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null));

        using (var last = await token.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin/role", new { role = "editor" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        }

        (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = "admin2", password = Password, role = "administrator" })).EnsureSuccessStatusCode();
        using (var own = await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin/role", new { role = "viewer" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        }

        using (var bad = await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin2/role", new { role = "root" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var unknown = await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/nobody/role", new { role = "viewer" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // With a second administrator, the first may be given a lower role (by someone else).
        using var lowered = await token.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin2/role", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        var roles = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray().ToDictionary(a => a.GetProperty("username").GetString()!, a => a.GetProperty("role").GetString());
        Assert.Equal("viewer", roles["admin2"]);
        Assert.Equal("administrator", roles["admin"]);
    }
}
