using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>Accounts are disabled, enabled and deleted (audit kept); the last administrator stays; each takes effect at once.</summary>
public sealed class AccountLifecycleTests
{
    private const string Password = "a-long-password-1";

    [Fact(Timeout = 120_000)]
    public async Task Disabling_EndsEverySessionAtOnce_AndRefusesSignInLikeAWrongPassword_UntilEnabled()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await CreateAsync(admin, "dana");
        using var api = server.Client(await VexilTestServer.LoginAsync(server.Address, "dana", Password));
        using var web = await Session.SignInAsync(server.Address, "dana", Password);

        using (var disabled = await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts/dana/disable"))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            Assert.NotEqual(JsonValueKind.Null, (await disabled.JsonAsync()).GetProperty("disabledAt").ValueKind);
        }

        using (var projects = await api.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, projects.StatusCode);
        }

        using (var page = await web.SendAsync(HttpMethod.Get, "/projects", string.Empty, withToken: false))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }

        using (var login = await LoginAsync(server, "dana", Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
            Assert.Equal("Unknown user or wrong password.", (await login.JsonAsync()).GetProperty("detail").GetString());
        }

        var listed = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray().Single(a => a.GetProperty("username").GetString() == "dana");
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("disabledAt").ValueKind);

        (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts/dana/enable")).EnsureSuccessStatusCode();
        using var again = await LoginAsync(server, "dana", Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_EndsSessionsAndSignIn_AndKeepsTheAuditTrail()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        await CreateAsync(admin, "erin");
        using var api = server.Client(await VexilTestServer.LoginAsync(server.Address, "erin", Password));

        using (var deleted = await admin.SendAsync(HttpMethod.Delete, "/api/v1/accounts/erin"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var projects = await api.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, projects.StatusCode);
        }

        using (var login = await LoginAsync(server, "erin", Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }

        using (var missing = await admin.SendAsync(HttpMethod.Delete, "/api/v1/accounts/erin"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }

        var audit = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/audit?limit=500")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString() == "accounts/erin").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("account.create", audit);
        Assert.Contains("account.delete", audit);
        Assert.All((await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray(), a => Assert.NotEqual("erin", a.GetProperty("username").GetString()));
    }

    [Fact(Timeout = 120_000)]
    public async Task TheLastEnabledAdministrator_AndOnesOwnAccount_CannotBeDisabledOrDeleted()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        using var token = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "administrator", null));

        foreach (var (client, method, path) in new[]
        {
            (token, HttpMethod.Post, "/api/v1/accounts/admin/disable"),
            (token, HttpMethod.Delete, "/api/v1/accounts/admin"),
            (admin, HttpMethod.Post, "/api/v1/accounts/admin/disable"),
            (admin, HttpMethod.Delete, "/api/v1/accounts/admin"),
        })
        {
            using var response = await client.SendAsync(method, path);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // With a second administrator, the first may go.
        (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = "admin2", password = Password, role = "administrator" })).EnsureSuccessStatusCode();
        using var disabled = await token.SendAsync(HttpMethod.Post, "/api/v1/accounts/admin/disable");
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        using var unknown = await token.SendAsync(HttpMethod.Post, "/api/v1/accounts/nobody/disable");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    internal static async Task CreateAsync(HttpClient admin, string username, string role = "viewer")
    {
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username, password = Password, role });
        response.EnsureSuccessStatusCode();
    }

    internal static Task<HttpResponseMessage> LoginAsync(VexilTestServer server, string username, string password)
    {
        var client = server.Client();
        return client.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, TestContext.Current.CancellationToken);
    }
}
