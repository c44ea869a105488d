using System.Net;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>A dashboard session is a cookie and nothing else; an API session is a bearer token and nothing else.</summary>
public sealed class SessionKindTests
{
    [Fact(Timeout = 60_000)]
    public async Task TheDashboardCookie_SentAsABearerToken_IsRefusedByTheApi()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var session = await Session.SignInAsync(server.Address, "admin", VexilTestServer.AdminPassword);
        var secret = session.Cookie["vexil_session=".Length..];
        Assert.StartsWith("vx_web_", secret, StringComparison.Ordinal);

        using var api = server.Client(secret);
        using var response = await api.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // The same session still works where it belongs.
        using var page = await session.SendAsync(HttpMethod.Get, "/projects", string.Empty, withToken: false);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnApiSession_SentAsTheCookie_IsNotADashboardSession()
    {
        await using var server = await VexilTestServer.StartAsync();
        var token = await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword);
        Assert.StartsWith("vx_ses_", token, StringComparison.Ordinal);

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/projects");
        request.Headers.Add("Cookie", "vexil_session=" + token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        // And it is still an API credential.
        using var api = server.Client(token);
        using var projects = await api.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
    }
}
