using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Server.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>Accounts, API tokens and SDK keys over HTTP.</summary>
public sealed class AuthApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task Login_WithAWrongPasswordOrUnknownUser_Is401()
    {
        using var client = fixture.Server.Client();

        using var wrong = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { username = "admin", password = "nope-nope-nope" });
        using var unknown = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { username = "nobody", password = "nope-nope-nope" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task NewAccount_CanSignIn_WithItsRole()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..8];
        using var created = await Admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username = name, password = "a-long-password-1", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var viewer = fixture.Server.Client(await VexilTestServer.LoginAsync(fixture.Server.Address, name, "a-long-password-1"));

        using var read = await viewer.SendAsync(HttpMethod.Get, "/api/v1/projects");
        using var write = await viewer.SendAsync(HttpMethod.Post, "/api/v1/projects", new { key = "x-" + name, name = "X" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ApiToken_IsShownOnce_StoredAsAHash_AndRevokedAtOnce()
    {
        using var created = await Admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = "ci", role = "editor" });
        var body = await created.JsonAsync();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetInt64();
        using var list = await Admin.SendAsync(HttpMethod.Get, "/api/v1/tokens");
        var store = fixture.Server.Services.GetRequiredService<AuthStore>();

        Assert.StartsWith("vx_api_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(id, (await store.FindApiTokenAsync(SecretTokens.Hash(token), TestContext.Current.CancellationToken))!.Id);
        using var client = fixture.Server.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/v1/projects")).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task SdkKey_RotatedWithOverlap_BothWork_UntilTheOldIsRevoked()
    {
        var project = await Admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";
        var first = await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "production", "server");
        var second = await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "production", "server");
        using var oldClient = fixture.Server.Client(first);
        using var newClient = fixture.Server.Client(second);

        Assert.Equal(HttpStatusCode.OK, (await oldClient.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset")).StatusCode);
        var listed = (await (await Admin.SendAsync(HttpMethod.Get, keys)).JsonAsync()).EnumerateArray().ToArray();
        Assert.All(listed, k => Assert.False(k.TryGetProperty("key", out _)));
        var oldId = listed[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.SendAsync(HttpMethod.Post, $"{keys}/{oldId}/revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset")).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ServerKey_ViaXApiKey_GetsTheRulesetWithVersionETag_And304WhenUnchanged()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var key = await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "production", "server");
        using var client = fixture.Server.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        using var first = await client.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        using var second = await client.SendAsync(request, TestContext.Current.CancellationToken);
        using var anonymous = await fixture.Server.Client().SendAsync(HttpMethod.Get, "/sdk/v1/ruleset");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.ETag());
        Assert.Equal("production", (await first.JsonAsync()).GetProperty("environment").GetString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(["1"], first.Headers.GetValues("Vexil-Protocol"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(["1"], anonymous.Headers.GetValues("Vexil-Protocol"));
    }

    [Fact(Timeout = 30_000)]
    public async Task SdkKey_RotatedWithoutOverlap_StopsTheOldKeyAtOnce()
    {
        var project = await Admin.CreateProjectAsync();
        var first = await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "staging", "client");
        using var rotated = await SdkKeyRotation.RotateNewestAsync(Admin, $"/api/v1/projects/{project}/environments/staging/sdk-keys", "client", 0);
        using var oldClient = fixture.Server.Client(first);

        using var response = await oldClient.SendAsync(HttpMethod.Post, "/sdk/v1/evaluate", new { targetingKey = "u" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ClientKey_GetsEvaluationResultsOnly_OfItsOwnEnvironment()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var url = $"/api/v1/projects/{project}/environments/production/flags/f";
        using var read = await Admin.SendAsync(HttpMethod.Get, url);
        (await Admin.SendAsync(HttpMethod.Put, url, """{"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["vip"]}],"fallthrough":{"variation":"off"}}""", read.ETag())).EnsureSuccessStatusCode();
        using var client = fixture.Server.Client(await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "production", "client"));

        using var vip = await client.SendAsync(HttpMethod.Post, "/sdk/v1/evaluate", new { targetingKey = "vip" });
        using var other = await client.SendAsync(HttpMethod.Post, "/sdk/v1/evaluate", new { targetingKey = "someone" });
        using var ruleset = await client.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset");

        var text = await vip.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((await vip.JsonAsync()).GetProperty("flags").GetProperty("f").GetProperty("value").GetBoolean());
        Assert.False((await other.JsonAsync()).GetProperty("flags").GetProperty("f").GetProperty("value").GetBoolean());
        Assert.DoesNotContain("targets", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rules", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, ruleset.StatusCode);
    }
}
