using System.Net;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>Who may evaluate over OFREP, how much they may send, and how often.</summary>
public sealed class OfrepAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Body = """{"context":{"targetingKey":"u1"}}""";

    [Fact(Timeout = 60_000)]
    public async Task Credentials_NoneOrUnknown401_NotAnSdkKey403_AnySdkKey200()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        var cases = new (string? Credential, HttpStatusCode Expected, string Who)[]
        {
            (null, HttpStatusCode.Unauthorized, "no credential"),
            ("vx_cli_not-a-key", HttpStatusCode.Unauthorized, "unknown key"),
            (await AuthorizationMatrixTests.TokenAsync(fixture.Admin, "administrator", null), HttpStatusCode.Forbidden, "administrator token"),
            (await VexilTestServer.LoginAsync(fixture.Server.Address, "admin", VexilTestServer.AdminPassword), HttpStatusCode.Forbidden, "administrator session"),
            (await OfrepSetup.ClientKeyAsync(fixture.Admin, project), HttpStatusCode.OK, "client key"),
            (await AuthorizationMatrixTests.SdkKeyAsync(fixture.Admin, project, "production", "server"), HttpStatusCode.OK, "server key"),
        };

        foreach (var (credential, expected, who) in cases)
        {
            using var client = fixture.Server.Client(credential);
            using var single = await client.PostAsync("/ofrep/v1/evaluate/flags/bool", Body);
            using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", Body);
            Assert.True(expected == single.StatusCode, $"{who} (single): expected {(int)expected}, got {(int)single.StatusCode}");
            Assert.True(expected == bulk.StatusCode, $"{who} (bulk): expected {(int)expected}, got {(int)bulk.StatusCode}");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ClientKey_InXApiKeyHeader_Evaluates_ButCannotReadTheRuleset()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        var key = await OfrepSetup.ClientKeyAsync(fixture.Admin, project);
        using var apiKey = fixture.Server.Client();
        apiKey.DefaultRequestHeaders.Add("X-API-Key", key);
        using var bearer = fixture.Server.Client(key);

        using var evaluated = await apiKey.EvaluateAsync("bool", "vip");
        using var ruleset = await bearer.SendAsync(HttpMethod.Get, "/sdk/v1/ruleset");

        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        Assert.True((await evaluated.JsonAsync()).GetProperty("value").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, ruleset.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task OversizedBody_Answers413()
    {
        var project = await OfrepSetup.CreateProjectAsync(fixture.Admin);
        using var client = fixture.Server.Client(await OfrepSetup.ClientKeyAsync(fixture.Admin, project));
        var huge = $$$"""{"context":{"targetingKey":"u1","blob":"{{{new string('x', 70_000)}}}"}}""";

        using var single = await client.PostAsync("/ofrep/v1/evaluate/flags/bool", huge);
        using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, single.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bulk.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task RateLimit_PerKey_Answers429WithRetryAfter()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Ofrep:RateLimitPermits"] = "2",
            ["Vexil:Ofrep:RateLimitWindow"] = "00:01:00",
        }));
        using var admin = await server.AdminAsync();
        var project = await OfrepSetup.CreateProjectAsync(admin);
        using var limited = server.Client(await OfrepSetup.ClientKeyAsync(admin, project));
        using var other = server.Client(await OfrepSetup.ClientKeyAsync(admin, project, "staging"));

        using var first = await limited.PostAsync("/ofrep/v1/evaluate/flags/bool", Body);
        using var second = await limited.PostAsync("/ofrep/v1/evaluate/flags", Body);
        using var third = await limited.PostAsync("/ofrep/v1/evaluate/flags/bool", Body);
        using var otherKey = await other.PostAsync("/ofrep/v1/evaluate/flags/bool", Body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 60, 61); // the window plus the limiter's replenishment tick, rounded up
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }
}
