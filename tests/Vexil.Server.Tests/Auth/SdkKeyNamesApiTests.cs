using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>
/// An environment has several named keys of each kind: creating one never rotates the others out (a second server key
/// "with overlap 0" used to expire the first at once); a rotation replaces exactly the key it names.
/// </summary>
public sealed class SdkKeyNamesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task SecondServerKey_LeavesTheFirstWorking_AndGetsTheNextFreeName()
    {
        var project = await Admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";

        var (first, _) = await CreateAsync(keys, new { kind = "server" });
        var (second, secondBody) = await CreateAsync(keys, new { kind = "server" });
        var (named, namedBody) = await CreateAsync(keys, new { kind = "server", name = "checkout-api" });

        foreach (var key in new[] { first, second, named })
        {
            using var client = fixture.Server.Client(key);
            using var ruleset = await client.GetAsync("/sdk/v1/ruleset", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ruleset.StatusCode);
        }

        Assert.Equal("default-2", secondBody.GetProperty("name").GetString());
        Assert.Equal("checkout-api", namedBody.GetProperty("name").GetString());
        using var list = await Admin.SendAsync(HttpMethod.Get, keys);
        Assert.All((await list.JsonAsync()).EnumerateArray(), k => Assert.True(k.GetProperty("active").GetBoolean()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Rotate_ReplacesOnlyThatKey_KeepsItsName_AndARotatedOutKeyCannotBeRotatedAgain()
    {
        var project = await Admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";
        var (web, webBody) = await CreateAsync(keys, new { kind = "client", name = "web", allowedOrigins = new[] { "https://shop.example.com" } });
        var (mobile, _) = await CreateAsync(keys, new { kind = "client", name = "mobile" });
        var id = webBody.GetProperty("id").GetInt64();

        using var rotated = await Admin.SendAsync(HttpMethod.Post, $"{keys}/{id}/rotate", new { overlapSeconds = 0 });
        using var again = await Admin.SendAsync(HttpMethod.Post, $"{keys}/{id}/rotate", new { overlapSeconds = 0 });

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var body = await rotated.JsonAsync();
        Assert.Equal("web", body.GetProperty("name").GetString());
        Assert.Equal("https://shop.example.com", body.GetProperty("allowedOrigins")[0].GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await EvaluateAsync(web));
        Assert.Equal(HttpStatusCode.OK, await EvaluateAsync(mobile));
        Assert.Equal(HttpStatusCode.OK, await EvaluateAsync(body.GetProperty("key").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task BadRequests_AreRefusedByName_AndChangeNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var keys = $"/api/v1/projects/{project}/environments/production/sdk-keys";
        await CreateAsync(keys, new { kind = "server", name = "api" });

        using var duplicate = await Admin.SendAsync(HttpMethod.Post, keys, new { kind = "server", name = "api" });
        using var overlapOnCreate = await Admin.SendAsync(HttpMethod.Post, keys, new { kind = "server", overlapSeconds = 0 });
        using var badName = await Admin.SendAsync(HttpMethod.Post, keys, new { kind = "server", name = "-no spaces-" });
        using var noEnvironment = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/prod/sdk-keys", new { kind = "server" });
        using var noKey = await Admin.SendAsync(HttpMethod.Post, $"{keys}/999999/rotate", new { overlapSeconds = 0 });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("named 'api'", (await duplicate.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, overlapOnCreate.StatusCode);
        Assert.True((await overlapOnCreate.JsonAsync()).GetProperty("errors").TryGetProperty("overlapSeconds", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noEnvironment.StatusCode);
        Assert.Contains($"environment 'prod' not found in project '{project}'", (await noEnvironment.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noKey.StatusCode);
        using var list = await Admin.SendAsync(HttpMethod.Get, keys);
        Assert.Single((await list.JsonAsync()).EnumerateArray());
    }

    private async Task<(string Key, System.Text.Json.JsonElement Body)> CreateAsync(string keys, object body)
    {
        using var response = await Admin.SendAsync(HttpMethod.Post, keys, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        return (json.GetProperty("key").GetString()!, json);
    }

    private async Task<HttpStatusCode> EvaluateAsync(string key)
    {
        using var client = fixture.Server.Client(key);
        using var response = await client.SendAsync(HttpMethod.Post, "/sdk/v1/evaluate", new { targetingKey = "u" });
        return response.StatusCode;
    }
}
