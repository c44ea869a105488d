using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth.Oidc;

/// <summary>Providers' settings are checked at start with messages naming the setting; local passwords can be turned off.</summary>
public sealed class OidcSettingsTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    [Theory(Timeout = 60_000)]
    [InlineData("Authority", "http://login.example.com", "Authority must be the provider's issuer URL, https://")]
    [InlineData("ClientId", "", "ClientId is required")]
    [InlineData("Mappings:0:Role", "owner", "Mappings:0:Role must be viewer, editor or administrator")]
    [InlineData("DefaultRole", "root", "DefaultRole must be viewer, editor or administrator")]
    public async Task ABadProviderSetting_StopsTheStart_NamingIt(string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => oidc.StartServerAsync(configure: b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Vexil:Auth:Oidc:Providers:test:{setting}"] = value })));
        Assert.Contains($"Vexil:Auth:Oidc:Providers:test:{message}", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task LocalPasswordsOff_WithNoProvider_StopsTheStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => VexilTestServer.StartAsync(configure: b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:Auth:LocalPasswords"] = "false" })));
        Assert.Contains("nobody could sign in", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task LocalPasswordsOff_TheApiLoginAndTheDashboardForm_Refuse_AndTheMethodsSaySo()
    {
        await using var server = await oidc.StartServerAsync(localPasswords: false);
        using var client = server.Client();
        using (var login = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { username = "admin", password = VexilTestServer.AdminPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
            Assert.Equal("application/problem+json", login.Content.Headers.ContentType?.MediaType);
        }

        var methods = await (await client.SendAsync(HttpMethod.Get, "/api/v1/auth/methods")).JsonAsync();
        Assert.False(methods.GetProperty("localPasswords").GetBoolean());
        var provider = Assert.Single(methods.GetProperty("providers").EnumerateArray());
        Assert.Equal("test", provider.GetProperty("name").GetString());
        Assert.Equal(OidcProviderFixture.CliClient, provider.GetProperty("clientId").GetString());
        Assert.Equal(oidc.Provider.IssuerText, provider.GetProperty("issuer").GetString());

        // The sign-in page offers the provider and no password form.
        var page = await client.GetStringAsync("/signin", TestContext.Current.CancellationToken);
        Assert.Contains("Sign in with Test SSO", page, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"password\"", page, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task LocalPasswordsOn_TheSignInPage_OffersBothWays()
    {
        await using var server = await oidc.StartServerAsync();
        using var client = server.Client();
        var page = await client.GetStringAsync("/signin", TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/signin/oidc/test?returnUrl=%2F\"", page, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", page, StringComparison.Ordinal);
    }
}
