using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Testing.Oidc;

namespace Vexil.Server.Tests.Auth.Oidc;

/// <summary>
/// One real OpenID provider for a test class: the dashboard's client (<see cref="DashboardClient"/>, code flow with a
/// secret), the command line's (<see cref="CliClient"/>, device flow) and another application's (<see cref="OtherClient"/>,
/// whose tokens Vexil must refuse). Users are per test (unique names).
/// </summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    public const string ProviderName = "test";
    public const string DashboardClient = "vexil-dashboard";
    public const string DashboardSecret = "dashboard-secret-0123456789-abcdefghij";
    public const string CliClient = "vexil-cli";
    public const string OtherClient = "other-app";
    public const string OtherSecret = "other-secret-0123456789-abcdefghijklmn";

    /// <summary>Where the tests' token requests say they come back to (the provider checks it; nothing listens there).</summary>
    public const string TestRedirect = "http://127.0.0.1/signin-oidc/test";

    private OidcTestProvider? _provider;

    public OidcTestProvider Provider => _provider ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _provider = await OidcTestProvider.StartAsync(
        [
            OidcTestClient.Web(DashboardClient, DashboardSecret, $"/signin-oidc/{ProviderName}"),
            OidcTestClient.Device(CliClient),
            OidcTestClient.Web(OtherClient, OtherSecret, $"/signin-oidc/{ProviderName}"),
        ]);

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>The server's configuration for this provider: groups vexil-admins, vexil-editors, vexil-viewers map to the roles; team-checkout to editor of the project 'checkout'.</summary>
    public Dictionary<string, string?> Settings(bool localPasswords = true) => new()
    {
        ["Vexil:Auth:LocalPasswords"] = localPasswords ? "true" : "false",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Authority"] = Provider.IssuerText,
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:ClientId"] = DashboardClient,
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:ClientSecret"] = DashboardSecret,
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:CliClientId"] = CliClient,
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:DisplayName"] = "Test SSO",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Scopes:0"] = "openid",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Scopes:1"] = "profile",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Scopes:2"] = "email",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Scopes:3"] = "groups",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:0:Value"] = "vexil-admins",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:0:Role"] = "administrator",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:1:Value"] = "vexil-editors",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:1:Role"] = "editor",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:2:Value"] = "team-checkout",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:2:Role"] = "editor",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:2:Project"] = "checkout",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:3:Value"] = "vexil-viewers",
        [$"Vexil:Auth:Oidc:Providers:{ProviderName}:Mappings:3:Role"] = "viewer",
    };

    /// <summary>A Vexil server configured with this provider.</summary>
    public Task<VexilTestServer> StartServerAsync(bool localPasswords = true, Action<WebApplicationBuilder>? configure = null) =>
        VexilTestServer.StartAsync(configure: b =>
        {
            b.Configuration.AddInMemoryCollection(Settings(localPasswords));
            configure?.Invoke(b);
        });

    /// <summary>A new user of the provider with <paramref name="groups"/>; the name is unique.</summary>
    public async Task<TestUser> NewUserAsync(params string[] groups)
    {
        var user = new TestUser("u" + Guid.NewGuid().ToString("N")[..8], "user-password-" + Guid.NewGuid().ToString("N")[..6], groups);
        await Provider.SetUserAsync(user);
        return user;
    }

    /// <summary>An ID token for <paramref name="user"/> issued to <paramref name="clientId"/> (the code flow, through the provider's login page).</summary>
    public async Task<string> IdTokenAsync(TestUser user, string clientId = DashboardClient)
    {
        var secret = clientId == OtherClient ? OtherSecret : DashboardSecret;
        var tokens = await Provider.SignInWithCodeAsync(clientId, secret, TestRedirect, user.Name, user.Password, TestContext.Current.CancellationToken);
        return tokens.GetProperty("id_token").GetString()!;
    }
}
