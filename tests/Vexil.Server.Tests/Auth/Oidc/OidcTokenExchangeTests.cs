using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth.Oidc;

/// <summary>
/// <c>POST /api/v1/auth/oidc/{provider}/token</c> against a real OpenID provider: real ID tokens make (just in time) or
/// find the account and give an API session with the role the groups give now; forged, expired, wrong-audience tokens
/// and disabled accounts get 401 problem details.
/// </summary>
public sealed class OidcTokenExchangeTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    private const string Exchange = $"/api/v1/auth/oidc/{OidcProviderFixture.ProviderName}/token";

    [Fact(Timeout = 120_000)]
    public async Task FirstSignIn_CreatesTheAccountJustInTime_WithTheGroupsRole_AndAudits()
    {
        await using var server = await oidc.StartServerAsync();
        using var admin = await server.AdminAsync();
        var user = await oidc.NewUserAsync("vexil-editors", "unrelated");

        var session = await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        Assert.Equal("editor", session.GetProperty("role").GetString());
        Assert.StartsWith("vx_ses_", session.GetProperty("token").GetString(), StringComparison.Ordinal);

        var accounts = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray().ToList();
        var account = Assert.Single(accounts, a => a.GetProperty("username").GetString() == user.Name);
        Assert.Equal("editor", account.GetProperty("role").GetString());

        // The session works as an editor's: it creates a project.
        using var asUser = server.Client(session.GetProperty("token").GetString());
        using (var created = await asUser.SendAsync(HttpMethod.Post, "/api/v1/projects", new { key = "p" + user.Name, name = "P" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A second sign-in finds the same account (linked by issuer and subject), it makes no second one.
        await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        accounts = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray().ToList();
        Assert.Single(accounts, a => a.GetProperty("username").GetString()!.StartsWith(user.Name, StringComparison.Ordinal));

        var audit = await AuditAsync(admin, user.Name);
        Assert.Equal(1, audit.Count(a => a == "account.create"));
        Assert.Equal(2, audit.Count(a => a == "auth.sso-sign-in"));
    }

    [Fact(Timeout = 120_000)]
    public async Task AGroupChange_ChangesTheRoleAtTheNextSignIn()
    {
        await using var server = await oidc.StartServerAsync();
        using var admin = await server.AdminAsync();
        var user = await oidc.NewUserAsync("vexil-viewers");
        var first = await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        Assert.Equal("viewer", first.GetProperty("role").GetString());
        using (var viewer = server.Client(first.GetProperty("token").GetString()))
        using (var refused = await viewer.SendAsync(HttpMethod.Post, "/api/v1/projects", new { key = "v" + user.Name, name = "P" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await oidc.Provider.SetUserAsync(user with { Groups = ["vexil-admins"] });
        var second = await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        Assert.Equal("administrator", second.GetProperty("role").GetString());
        using (var administrator = server.Client(second.GetProperty("token").GetString()))
        using (var accounts = await administrator.SendAsync(HttpMethod.Get, "/api/v1/accounts"))
        {
            Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        }

        Assert.Contains("account.role-change", await AuditAsync(admin, user.Name));

        // And back down: the groups are read again at every sign-in.
        await oidc.Provider.SetUserAsync(user with { Groups = ["vexil-viewers"] });
        Assert.Equal("viewer", (await ExchangeOkAsync(server, await oidc.IdTokenAsync(user))).GetProperty("role").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task ADisabledAccount_IsRefused_AndTheRefusalAudited()
    {
        await using var server = await oidc.StartServerAsync();
        using var admin = await server.AdminAsync();
        var user = await oidc.NewUserAsync("vexil-editors");
        await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{user.Name}/disable")).EnsureSuccessStatusCode();

        var problem = await ExchangeRefusedAsync(server, await oidc.IdTokenAsync(user));
        Assert.Contains("cannot sign in", problem, StringComparison.Ordinal);
        Assert.Contains("auth.sso-sign-in-refused", await AuditAsync(admin, user.Name));

        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{user.Name}/enable")).EnsureSuccessStatusCode();
        await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
    }

    [Fact(Timeout = 120_000)]
    public async Task ATamperedToken_IsRefused_ItsSignatureIsNotTheProviders()
    {
        await using var server = await oidc.StartServerAsync();
        var user = await oidc.NewUserAsync("vexil-viewers");
        var real = await oidc.IdTokenAsync(user);

        // The same signature over a payload that claims the administrators' group.
        var parts = real.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlDecode(parts[1]))!;
        payload["groups"] = JsonSerializer.SerializeToElement(new[] { "vexil-admins" });
        var tampered = $"{parts[0]}.{Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
        Assert.Contains("signature", await ExchangeRefusedAsync(server, tampered), StringComparison.Ordinal);
        await ExchangeOkAsync(server, real);
    }

    [Fact(Timeout = 120_000)]
    public async Task ATokenSignedWithAnotherKey_IsRefused_EvenWithTheProvidersKeyId()
    {
        await using var server = await oidc.StartServerAsync();
        var user = await oidc.NewUserAsync("vexil-admins");
        var real = await oidc.IdTokenAsync(user);
        var parts = real.Split('.');
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlDecode(parts[0]))!;
        var payload = Base64UrlDecode(parts[1]);
        using var rsa = RSA.Create(2048);
        foreach (var kid in new[] { header["kid"].GetString()!, "attacker-key" })
        {
            var forgedHeader = Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
            var signingInput = $"{forgedHeader}.{Base64UrlEncode(payload)}";
            var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var detail = await ExchangeRefusedAsync(server, $"{signingInput}.{Base64UrlEncode(signature)}");
            Assert.True(detail.Contains("signature", StringComparison.Ordinal), detail);
        }

        // An unsigned token ("alg": "none") is no better.
        var none = $"{Base64UrlEncode("""{"alg":"none","typ":"JWT"}"""u8.ToArray())}.{Base64UrlEncode(payload)}.";
        await ExchangeRefusedAsync(server, none);
    }

    [Fact(Timeout = 120_000)]
    public async Task AnExpiredToken_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await oidc.StartServerAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var user = await oidc.NewUserAsync("vexil-editors");
        var token = await oidc.IdTokenAsync(user);
        await ExchangeOkAsync(server, token);

        // The provider's ID tokens live 10 minutes (issued a few seconds after the clock started); a minute's skew is allowed.
        clock.Advance(TimeSpan.FromMinutes(12));
        Assert.Contains("expired", await ExchangeRefusedAsync(server, token), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ATokenIssuedToAnotherClient_IsRefused_WrongAudience()
    {
        await using var server = await oidc.StartServerAsync();
        var user = await oidc.NewUserAsync("vexil-admins");
        var token = await oidc.IdTokenAsync(user, OidcProviderFixture.OtherClient);
        Assert.Contains("another client", await ExchangeRefusedAsync(server, token), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task APersonNoMappingLetsIn_IsRefused_AndNoAccountIsMade()
    {
        await using var server = await oidc.StartServerAsync();
        using var admin = await server.AdminAsync();
        var user = await oidc.NewUserAsync("marketing");
        Assert.Contains("no mapping", await ExchangeRefusedAsync(server, await oidc.IdTokenAsync(user)), StringComparison.Ordinal);
        var accounts = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/accounts")).JsonAsync()).EnumerateArray();
        Assert.DoesNotContain(accounts, a => a.GetProperty("username").GetString() == user.Name);
        var audit = (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/audit?limit=500")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "auth.sso-sign-in-refused" && e.GetProperty("resource").GetString() == "identities/test");
    }

    [Fact(Timeout = 120_000)]
    public async Task AProjectMapping_GivesASessionLimitedToThatProject()
    {
        await using var server = await oidc.StartServerAsync();
        using var admin = await server.AdminAsync();
        await admin.CreateProjectAsync("checkout");
        var other = await admin.CreateProjectAsync();
        var user = await oidc.NewUserAsync("team-checkout");
        var session = await ExchangeOkAsync(server, await oidc.IdTokenAsync(user));
        using var scoped = server.Client(session.GetProperty("token").GetString());
        using (var own = await scoped.SendAsync(HttpMethod.Post, "/api/v1/projects/checkout/flags", Http.BooleanFlag("f" + user.Name)))
        {
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        }

        using var elsewhere = await scoped.SendAsync(HttpMethod.Get, $"/api/v1/projects/{other}/flags");
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task BadRequests_AnswerProblems_NeverA500()
    {
        await using var server = await oidc.StartServerAsync();
        using var client = server.Client();
        using (var missing = await client.SendAsync(HttpMethod.Post, Exchange, new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        using (var unknown = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/oidc/nope/token", new { idToken = "x" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        await ExchangeRefusedAsync(server, "not-a-jwt");
        await ExchangeRefusedAsync(server, "a.b.c");
    }

    private static async Task<JsonElement> ExchangeOkAsync(VexilTestServer server, string idToken)
    {
        using var client = server.Client();
        using var response = await client.SendAsync(HttpMethod.Post, Exchange, new { idToken });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a 401 problem; returns its detail.</summary>
    private static async Task<string> ExchangeRefusedAsync(VexilTestServer server, string idToken)
    {
        using var client = server.Client();
        using var response = await client.SendAsync(HttpMethod.Post, Exchange, new { idToken });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    private static async Task<List<string>> AuditAsync(HttpClient admin, string username) =>
        (await (await admin.SendAsync(HttpMethod.Get, "/api/v1/audit?limit=500")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("resource").GetString() == $"accounts/{username}").Select(e => e.GetProperty("action").GetString()!).ToList();

    private static byte[] Base64UrlDecode(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
