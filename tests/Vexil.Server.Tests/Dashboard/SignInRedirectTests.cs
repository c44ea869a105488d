using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>
/// Where sign-in sends the browser: only a path of this site that no browser can read as another origin; anything
/// else goes to <c>/</c>, and nothing a caller sends makes it fail.
/// </summary>
public sealed class SignInRedirectTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory(Timeout = 30_000)]
    [InlineData("/projects/shop/flags?env=production", "/projects/shop/flags?env=production")]
    [InlineData("/", "/")]
    [InlineData("/projects/a%20b", "/projects/a%20b")]
    [InlineData("/\t/evil.example", "/")] // browsers drop tabs and newlines: //evil.example
    [InlineData("/\n/evil.example", "/")]
    [InlineData("/\r\n/evil.example", "/")]
    [InlineData("/\u007f/evil.example", "/")]
    [InlineData(" //evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("///evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("\\\\evil.example", "/")]
    [InlineData("/projects\\..\\..\\evil.example", "/")]
    [InlineData("/%2F/evil.example", "/")]
    [InlineData("/%2f%2fevil.example", "/")]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("/%09/evil.example", "/")]
    [InlineData("/%252F/evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("evil.example", "/")]
    [InlineData("/projects/\u00e9t\u00e9", "/")] // not ASCII: not a header value Kestrel can send
    [InlineData("/\u2028/evil.example", "/")]
    [InlineData("", "/")]
    public async Task SignIn_GoesOnlyToALocalPath(string returnUrl, string expected)
    {
        using var session = await Session.SignInAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword, returnUrl);

        Assert.Equal(expected, session.LandedOn);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("//evil.example")]
    public async Task SignInPage_NeverCarriesAForeignReturnUrl(string returnUrl)
    {
        using var session = Session.Anonymous(fixture.Server.Address);

        using var page = await session.SendAsync(HttpMethod.Get, "/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), string.Empty, withToken: false);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"returnUrl\" value=\"/\"", html, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("admin", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("admin", VexilTestServer.AdminPassword, HttpStatusCode.Redirect)]
    public async Task SignIn_WithAControlCharacterInReturnUrl_IsNeverAServerError(string username, string password, HttpStatusCode expected)
    {
        foreach (var returnUrl in new[] { "/\n/x", "/\r/x", "/\u0000/x", "/\u001b/x" })
        {
            using var session = Session.Anonymous(fixture.Server.Address);

            using var response = await session.SendAsync(HttpMethod.Post, "/signin", $"username={username}&password={Uri.EscapeDataString(password)}&returnUrl={Uri.EscapeDataString(returnUrl)}", withToken: true);

            // NUL never reaches Vexil: ASP.NET's form reader refuses it (400).
            Assert.True(response.StatusCode == expected || (returnUrl.Contains('\0', StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.BadRequest), $"{returnUrl}: {(int)response.StatusCode}");
            Assert.True(response.Headers.Location is null || response.Headers.Location.ToString() == "/", $"{returnUrl}: {response.Headers.Location}");
        }
    }
}
