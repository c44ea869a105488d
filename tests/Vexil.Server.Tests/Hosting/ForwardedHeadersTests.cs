using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy: X-Forwarded-Proto and X-Forwarded-For are believed from the configured trusted
/// proxies only (the test's client on 127.0.0.1 plays the proxy), making the session cookie Secure, sending HSTS, and
/// naming the client address the sign-in throttle counts.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Client = "203.0.113.7";

    [Fact(Timeout = 60_000)]
    public async Task FromATrustedProxy_TheCookieIsSecure_HstsIsSent_AndTheClientAddressIsTheForwardedOne()
    {
        await using var server = await StartAsync("127.0.0.1");
        var signIn = await SignInThroughProxyAsync(server);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Contains("secure", signIn.SessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(signIn.Hsts);
        Assert.Contains("max-age=", signIn.Hsts, StringComparison.Ordinal);

        await FailSignInAsync(server);
        Assert.Equal($"address:{Client}", await LastFailureActorAsync(server));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null)]
    [InlineData("10.0.0.0/8")]
    public async Task FromAPeerThatIsNoTrustedProxy_TheHeadersAreIgnored(string? trusted)
    {
        await using var server = await StartAsync(trusted);
        var signIn = await SignInThroughProxyAsync(server);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.DoesNotContain("secure", signIn.SessionCookie.Replace("vexil_session", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Null(signIn.Hsts);

        // A spoofed X-Forwarded-For does not move the throttle to another address.
        await FailSignInAsync(server);
        Assert.Equal("address:127.0.0.1", await LastFailureActorAsync(server));
    }

    [Fact(Timeout = 60_000)]
    public async Task ATrustedProxyThatIsNoAddress_StopsTheStart_WithAMessageNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("not-an-address"));
        Assert.Contains("Vexil:TrustedProxies:0 is 'not-an-address'", error.Message, StringComparison.Ordinal);
    }

    private static Task<VexilTestServer> StartAsync(string? trusted) =>
        VexilTestServer.StartAsync(configure: b =>
        {
            if (trusted is not null)
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:TrustedProxies:0"] = trusted });
            }
        });

    /// <summary>The dashboard's sign-in as a TLS proxy forwards it: the cookies handled by hand (a Secure cookie is not sent back over plain HTTP by a cookie container).</summary>
    private static async Task<(HttpStatusCode Status, string SessionCookie, string? Hsts)> SignInThroughProxyAsync(VexilTestServer server)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        using var form = Forwarded(new HttpRequestMessage(HttpMethod.Get, "/signin"));
        using var page = await client.SendAsync(form, ct);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vexil_af=", StringComparison.Ordinal)).Split(';')[0];
        var token = DashboardAuthorizationTests.TokenPattern().Match(await page.Content.ReadAsStringAsync(ct)).Groups[1].Value;

        using var post = Forwarded(new HttpRequestMessage(HttpMethod.Post, "/signin"));
        post.Headers.Add("Cookie", antiforgery);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin",
            ["password"] = VexilTestServer.AdminPassword,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        using var response = await client.SendAsync(post, ct);
        var session = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.SingleOrDefault(c => c.StartsWith("vexil_session=", StringComparison.Ordinal)) ?? string.Empty : string.Empty;
        var hsts = response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null;
        return (response.StatusCode, session, hsts);
    }

    private static async Task FailSignInAsync(VexilTestServer server)
    {
        using var client = server.Client();
        using var request = Forwarded(new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username = "admin", password = "wrong" }) });
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<string?> LastFailureActorAsync(VexilTestServer server)
    {
        using var admin = await server.AdminAsync();
        using var response = await admin.SendAsync(HttpMethod.Get, "/api/v1/audit?limit=50");
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == "auth.sign-in-failed").GetProperty("actor").GetString();
    }

    private static HttpRequestMessage Forwarded(HttpRequestMessage request)
    {
        request.Headers.Host = "vexil.example.com"; // HSTS is never sent to loopback names
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", Client);
        return request;
    }
}
