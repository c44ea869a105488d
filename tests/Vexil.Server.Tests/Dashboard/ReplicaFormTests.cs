using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>
/// Two real replicas on one PostgreSQL, each with its own data folder, behind a balancer that may send the next
/// request anywhere: a form served by one replica posts to the other (issue #18, item 14). The antiforgery keys
/// live in the shared database, so neither replica refuses the other's token.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaFormTests(PostgresFixture postgres)
{
    [Fact(Timeout = 180_000)]
    public async Task SignInForm_ServedByOneReplica_PostsToTheOther()
    {
        var database = await postgres.CreateDatabaseAsync();
        var root = Path.Combine(Path.GetTempPath(), "vexil-forms-" + Guid.NewGuid().ToString("N")[..8]);
        var started = await Task.WhenAll(VexilProcess.StartAsync(Path.Combine(root, "a"), database), VexilProcess.StartAsync(Path.Combine(root, "b"), database));
        await using var a = started[0];
        await using var b = started[1];

        // Each replica builds its key ring before the other serves a form, so the second one must learn the
        // first's key from the database when the token arrives.
        using var warm = new HttpClient();
        (await warm.GetAsync(new Uri(b.Address, "/signin"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await warm.GetAsync(new Uri(a.Address, "/signin"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await SignInAsync(formFrom: a, postTo: b);
        await SignInAsync(formFrom: b, postTo: a);
    }

    private static async Task SignInAsync(VexilProcess formFrom, VexilProcess postTo)
    {
        var ct = TestContext.Current.CancellationToken;

        // Cookies are not kept per port, as browsers do not: the antiforgery cookie set by one replica goes to the other.
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var page = await client.GetStringAsync(new Uri(formFrom.Address, "/signin"), ct);
        var token = DashboardAuthorizationTests.TokenPattern().Match(page);
        Assert.True(token.Success, "the sign-in page holds a form token");

        var form = $"username=admin&password={Uri.EscapeDataString(VexilTestServer.AdminPassword)}&returnUrl=%2F&__RequestVerificationToken={Uri.EscapeDataString(WebUtility.HtmlDecode(token.Groups[1].Value))}";
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync(new Uri(postTo.Address, "/signin"), content, ct);

        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect,
            $"form from :{formFrom.Port} posted to :{postTo.Port}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vexil_session=", StringComparison.Ordinal));
    }
}
