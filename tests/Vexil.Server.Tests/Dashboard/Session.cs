using System.Net;
using System.Net.Http.Headers;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>A browser-like client of the dashboard: cookies kept, redirects not followed, form tokens read from pages.</summary>
internal sealed class Session : IDisposable
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();
    private bool _signedIn;

    private Session(Uri address, string? bearer)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    /// <summary>The Set-Cookie header of the session cookie after signing in.</summary>
    public string SetCookie { get; private set; } = string.Empty;

    /// <summary>Where the sign-in redirected to.</summary>
    public string LandedOn { get; private set; } = string.Empty;

    /// <summary>The session cookie as a Cookie header value.</summary>
    public string Cookie => "vexil_session=" + _cookies.GetCookies(_client.BaseAddress!)["vexil_session"]!.Value;

    public static Session Anonymous(Uri address) => new(address, null);

    public static Session Bearer(Uri address, string token) => new(address, token);

    public static async Task<Session> SignInAsync(Uri address, string username, string password, string returnUrl = "/")
    {
        var session = new Session(address, null);
        using var response = await session.SendAsync(
            HttpMethod.Post,
            "/signin",
            $"username={Uri.EscapeDataString(username)}&password={Uri.EscapeDataString(password)}&returnUrl={Uri.EscapeDataString(returnUrl)}",
            withToken: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        session.SetCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vexil_session=", StringComparison.Ordinal));
        session.LandedOn = response.Headers.Location!.ToString();
        session._signedIn = true;
        return session;
    }

    /// <summary>Sends a form; with <paramref name="withToken"/> it first reads a page for this session's antiforgery token.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string form, bool withToken)
    {
        var ct = TestContext.Current.CancellationToken;
        if (method == HttpMethod.Get)
        {
            return await _client.GetAsync(new Uri(path, UriKind.Relative), ct);
        }

        if (withToken)
        {
            // The anonymous forms (sign-in, reset password) carry an anonymous token: read one from the sign-in page.
            var page = await _client.GetStringAsync(new Uri(_signedIn && path is not ("/signin" or "/reset-password") ? "/projects" : "/signin", UriKind.Relative), ct);
            var match = DashboardAuthorizationTests.TokenPattern().Match(page);
            Assert.True(match.Success, "the page holds a form token");

            form = (form.Length == 0 ? string.Empty : form + "&") + "__RequestVerificationToken=" + Uri.EscapeDataString(WebUtility.HtmlDecode(match.Groups[1].Value));
        }

        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        return await _client.PostAsync(new Uri(path, UriKind.Relative), content, ct);
    }

    public void Dispose() => _client.Dispose();
}
