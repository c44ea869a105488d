using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>
/// Every dashboard route against every kind of caller. Pages: no session → redirect to the sign-in page, a role too
/// low → 403, enough → 200. Form posts: the same, and a signed-in person's post without its antiforgery token → 400.
/// An API bearer token is not a dashboard session.
/// </summary>
public sealed partial class DashboardAuthorizationTests
{
    internal enum Level
    {
        Anonymous,
        Viewer,
        Editor,
        Administrator,
    }

    internal sealed record Route(Level Level, HttpMethod Method, string Path, string Form = "");

    /// <summary>Every route the dashboard maps ({project}, {flag}, {segment}, {id} are filled in by the test).</summary>
    internal static readonly Route[] Routes =
    [
        new(Level.Anonymous, HttpMethod.Get, "/signin"),
        new(Level.Anonymous, HttpMethod.Post, "/signin", "username=nobody&password=wrong"),
        new(Level.Anonymous, HttpMethod.Get, "/reset-password?token=vx_rst_unknown"),
        new(Level.Anonymous, HttpMethod.Get, "/signin/oidc/{provider}"),
        new(Level.Anonymous, HttpMethod.Post, "/reset-password", "token=vx_rst_unknown&password=a-long-new-password"),
        new(Level.Anonymous, HttpMethod.Get, "/dashboard/assets/dashboard.css"),
        new(Level.Viewer, HttpMethod.Post, "/signout"),
        new(Level.Viewer, HttpMethod.Get, "/"),
        new(Level.Viewer, HttpMethod.Get, "/projects"),
        new(Level.Editor, HttpMethod.Post, "/projects", "key=dp-{u}&name=P"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}", "action=down&etag=*"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/flags"),
        new(Level.Editor, HttpMethod.Get, "/projects/{project}/flags/new"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags", "key=f-{u}&type=boolean&lifetime=temporary"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/flags/{flag}"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/toggle", "env=development&etag=*&enabled=true"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/targets", "env=development&etag=*&variation=on&values=u1"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/rules", "env=development&etag=*&action=add&attribute=email&operator=endsWith&values=x&serve=on"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/fallthrough", "env=development&etag=*&serve=off"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/prerequisites", "env=development&etag=*&action=add&prerequisite=g&variation=on"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/flags/{flag}/settings"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/settings", "etag=*&name=F&type=boolean&lifetime=temporary&variations=on+%3D+true%0Aoff+%3D+false"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{spare}/archive", "etag=*"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{spare}/restore", "etag=*"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{spare}/delete", "etag=*&confirm=yes"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/compare?left=development&right=staging"),
        new(Level.Editor, HttpMethod.Get, "/projects/{project}/flags/{flag}/promote?from=development&to=staging"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/promote", "from=development&to=staging&etag=*"),
        new(Level.Editor, HttpMethod.Get, "/projects/{project}/flags/{flag}/rollback?env=development&version=1"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/flags/{flag}/rollback", "env=development&version=1&etag=*"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/settings"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/settings", "form=project&etag=*&name=Renamed"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/environments", "form=new-env&key=e-{u}&name=E"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/environments/development", "form=env-development&action=rename&etag=*&name=Development"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/segments"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/segments", "env=production&key=s-{u}"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/segments/{segment}?env=production"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/segments/{segment}", "env=production&etag=*&action=members&description=d"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/segments/{segment}/rules", "env=production&etag=*&action=add&attribute=email&operator=endsWith&values=x"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/audit"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/changes"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/changes/{id}", "step=comment&comment=looks+fine"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/governance?env=staging"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/governance/policy", "env=staging&form=policy&action=save&requiredApprovals=1&approverRoles=editor"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/governance/permissions", "env=staging&form=permissions&action=save&editor=write&administrator=write"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/schedules", "form=new&title=t-{u}&what=on&flag=f&env=development&runAt=2036-01-01T09:00&missed=apply"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/schedules/{schedule}", "form=x&runAt=2036-01-02T09:00&missed=skip"),
        new(Level.Editor, HttpMethod.Post, "/projects/{project}/schedules/{schedule}/cancel"),
        new(Level.Viewer, HttpMethod.Get, "/projects/{project}/stale"),
        new(Level.Administrator, HttpMethod.Get, "/projects/{project}/keys"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/keys", "env=development&form=new&kind=client&name=k-{u}&origins=https%3A%2F%2Fapp.example.com"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/keys/{id}/rotate", "env=development&overlapHours=1"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/keys/{id}/origins", "env=development&origins="),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/keys/{id}/revoke", "env=development"),
        new(Level.Administrator, HttpMethod.Get, "/projects/{project}/webhooks"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/webhooks", "url=https%3A%2F%2Fhooks.example.com%2F{u}&events=flag.*"),
        new(Level.Administrator, HttpMethod.Get, "/projects/{project}/webhooks/{webhook}"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/webhooks/{webhook}", "etag=*&url=https%3A%2F%2Fhooks.example.com%2F{u}&events=*"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/webhooks/{webhook}/rotate-secret", "etag=*"),
        new(Level.Administrator, HttpMethod.Post, "/projects/{project}/webhooks/{webhook}/delete", "etag=*"),
        new(Level.Administrator, HttpMethod.Get, "/accounts"),
        new(Level.Administrator, HttpMethod.Post, "/accounts", "username=a-{u}&role=viewer&password=a-long-password-1"),
        new(Level.Administrator, HttpMethod.Post, "/accounts/{account}/role", "role=editor"),
        new(Level.Administrator, HttpMethod.Post, "/accounts/{account}/disable"),
        new(Level.Administrator, HttpMethod.Post, "/accounts/{account}/enable"),
        new(Level.Administrator, HttpMethod.Post, "/accounts/{account}/reset-link"),
        new(Level.Administrator, HttpMethod.Post, "/accounts/{account}/delete"),
        new(Level.Administrator, HttpMethod.Get, "/tokens"),
        new(Level.Administrator, HttpMethod.Post, "/tokens", "name=t-{u}&role=viewer&expiresInDays=1"),
        new(Level.Administrator, HttpMethod.Post, "/tokens/{id}/revoke"),
    ];

    private const string Password = "dashboard-password-1";

    [Fact(Timeout = 180_000)]
    public async Task EveryDashboardRoute_AgainstEveryCaller_AnswersTheExpectedStatus()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync("dash-matrix");
        await admin.CreateFlagAsync(project, "f");
        await admin.CreateFlagAsync(project, "g");
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key = "s" })).EnsureSuccessStatusCode();
        foreach (var role in new[] { "viewer", "editor" })
        {
            (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = role, password = Password, role })).EnsureSuccessStatusCode();
        }

        var callers = new (string Name, int Rank, Func<Task<Session>> Open)[]
        {
            ("nobody", -1, () => Task.FromResult(Session.Anonymous(server.Address))),
            ("API bearer token of an administrator", -1, async () => Session.Bearer(server.Address, await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword))),
            ("viewer", 1, () => Session.SignInAsync(server.Address, "viewer", Password)),
            ("editor", 2, () => Session.SignInAsync(server.Address, "editor", Password)),
            ("administrator", 3, () => Session.SignInAsync(server.Address, "admin", VexilTestServer.AdminPassword)),
        };

        var failures = new StringBuilder();
        var cells = 0;
        foreach (var route in Routes)
        {
            foreach (var (name, rank, open) in callers)
            {
                using var session = await open();
                var allowed = route.Level == Level.Anonymous || (rank >= 0 && rank >= (int)route.Level);
                if (route.Method == HttpMethod.Post && route.Level != Level.Anonymous && allowed)
                {
                    // First without the form's token (before the real post: signing out would end the session).
                    using var forged = await session.SendAsync(route.Method, await FillAsync(route.Path, admin, project), route.Form.Replace("{u}", "x", StringComparison.Ordinal), withToken: false);
                    cells++;
                    if (forged.StatusCode != HttpStatusCode.BadRequest)
                    {
                        failures.AppendLine($"{route.Method} {route.Path} as {name} without an antiforgery token: expected 400, got {(int)forged.StatusCode}");
                    }
                }

                var path = await FillAsync(route.Path, admin, project);
                using var response = await session.SendAsync(route.Method, path, route.Form.Replace("{u}", Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal), withToken: true);
                var outcome = Outcome(response);
                var expected = allowed ? "allowed" : rank < 0 ? "sign-in" : "forbidden";
                cells++;
                if (outcome != expected)
                {
                    failures.AppendLine($"{route.Method} {route.Path} as {name}: expected {expected}, got {outcome} ({(int)response.StatusCode} {response.Headers.Location})");
                }
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());
        Assert.True(cells >= 150, $"only {cells} cells");
    }

    [Fact(Timeout = 60_000)]
    public async Task SigningIn_SetsAnHttpOnlySameSiteSessionCookie_AndSigningOutEndsTheSession()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var session = await Session.SignInAsync(server.Address, "admin", VexilTestServer.AdminPassword);
        Assert.Contains("httponly", session.SetCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session.SetCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", session.SetCookie.Replace("vexil_session", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        var cookie = session.Cookie;

        using (var signOut = await session.SendAsync(HttpMethod.Post, "/signout", string.Empty, withToken: true))
        {
            Assert.Equal("/signin", signOut.Headers.Location?.ToString());
        }

        // The old cookie, replayed, is no longer a session: the store revoked it.
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/projects");
        request.Headers.Add("Cookie", cookie);
        using var response = await replay.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task SigningIn_NeverRedirectsOffTheSite(string returnUrl)
    {
        await using var server = await VexilTestServer.StartAsync();
        using var session = await Session.SignInAsync(server.Address, "admin", VexilTestServer.AdminPassword, returnUrl);
        Assert.Equal("/", session.LandedOn);
    }

    private static string Outcome(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Redirect when response.Headers.Location!.ToString().StartsWith("/signin?returnUrl=", StringComparison.Ordinal) => "sign-in",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.BadRequest => "bad request",
        HttpStatusCode.NotFound => "not found",
        HttpStatusCode.InternalServerError => "server error",
        _ => "allowed",
    };

    private static async Task<string> FillAsync(string path, HttpClient admin, string project)
    {
        path = path.Replace("{project}", project, StringComparison.Ordinal).Replace("{flag}", "f", StringComparison.Ordinal).Replace("{segment}", "s", StringComparison.Ordinal);
        if (path.Contains("{spare}", StringComparison.Ordinal))
        {
            var spare = "spare-" + Guid.NewGuid().ToString("N")[..8];
            await admin.CreateFlagAsync(project, spare);
            path = path.Replace("{spare}", spare, StringComparison.Ordinal);
        }

        if (path.StartsWith("/tokens/{id}", StringComparison.Ordinal))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = "tmp", role = "viewer" });
            path = path.Replace("{id}", (await created.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        else if (path.Contains("/changes/{id}", StringComparison.Ordinal))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new { title = "t", changes = new[] { new { type = "toggleFlag", environment = "development", flag = "f", enabled = true } } });
            path = path.Replace("{id}", (await created.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        else if (path.Contains("/schedules/{schedule}", StringComparison.Ordinal))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/schedules", new { title = "later", runAt = "2036-01-01T00:00:00Z", changes = new[] { new { type = "toggleFlag", environment = "development", flag = "f", enabled = true } } });
            path = path.Replace("{schedule}", (await created.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        else if (path.Contains("/webhooks/{webhook}", StringComparison.Ordinal))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "https://hooks.example.com/matrix", events = new[] { "*" } });
            path = path.Replace("{webhook}", (await created.JsonAsync()).GetProperty("id").GetString(), StringComparison.Ordinal);
        }
        else if (path.Contains("/accounts/{account}", StringComparison.Ordinal))
        {
            var username = "u-" + Guid.NewGuid().ToString("N")[..8];
            (await admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username, password = "a-long-password-1", role = "viewer" })).EnsureSuccessStatusCode();
            path = path.Replace("{account}", username, StringComparison.Ordinal);
        }
        else if (path.Contains("/keys/{id}", StringComparison.Ordinal))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/development/sdk-keys", new { kind = "server" });
            path = path.Replace("{id}", (await created.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return path;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();
}
