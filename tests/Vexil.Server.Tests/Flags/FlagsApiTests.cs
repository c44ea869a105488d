using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>The flag endpoints over HTTP: ETags, versions in every write answer, kill switch, promote, search.</summary>
public sealed class FlagsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task CreateFlag_AnswersWithEveryEnvironmentsNewVersion_AndAnETag()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Http.BooleanFlag("new-checkout", "checkout"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var versions = (await response.JsonAsync()).GetProperty("versions");
        Assert.Equal(1, versions.GetProperty("production").GetInt64());
        Assert.Equal(1, versions.GetProperty("development").GetInt64());
        using var again = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Http.BooleanFlag("new-checkout"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task KillSwitch_TurnsOffOneEnvironment_AndAnswersItsVersion()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var url = $"/api/v1/projects/{project}/environments/production/flags/f";
        using var read = await Admin.SendAsync(HttpMethod.Get, url);
        using var on = await Admin.SendAsync(HttpMethod.Put, url + "/enabled", new { enabled = true }, read.ETag());

        using var off = await Admin.SendAsync(HttpMethod.Put, url + "/enabled", new { enabled = false }, on.ETag());

        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var body = await off.JsonAsync();
        Assert.Equal(3, body.GetProperty("versions").GetProperty("production").GetInt64());
        Assert.False(body.GetProperty("flag").GetProperty("enabled").GetBoolean());
        Assert.Equal(3, body.GetProperty("flag").GetProperty("version").GetInt64());
        using var stale = await Admin.SendAsync(HttpMethod.Put, url + "/enabled", new { enabled = true }, on.ETag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Promote_CopiesStagingToProduction_InOneCall()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var staging = $"/api/v1/projects/{project}/environments/staging/flags/f";
        using var read = await Admin.SendAsync(HttpMethod.Get, staging);
        using var configured = await Admin.SendAsync(
            HttpMethod.Put,
            staging,
            new { enabled = true, offVariation = "off", targets = new[] { new { variation = "on", values = new[] { "u1" } } }, fallthrough = new { variation = "off" } },
            read.ETag());
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        using var production = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/f");

        using var promoted = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags/f/promote", new { from = "staging", to = "production" }, production.ETag());

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var flag = (await promoted.JsonAsync()).GetProperty("flag");
        Assert.True(flag.GetProperty("enabled").GetBoolean());
        Assert.Equal("u1", flag.GetProperty("targets")[0].GetProperty("values")[0].GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task ListFlags_SearchesAndPaginates()
    {
        var project = await Admin.CreateProjectAsync();
        for (var i = 0; i < 5; i++)
        {
            await Admin.CreateFlagAsync(project, $"flag-{i}", i % 2 == 0 ? "even" : "odd");
        }

        using var page1 = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?limit=3");
        var body1 = await page1.JsonAsync();
        using var page2 = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?limit=3&cursor={body1.GetProperty("nextCursor").GetString()}");
        using var tagged = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?tag=odd");
        using var byText = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?q=FLAG-3");
        using var off = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?environment=production&state=off");
        using var badState = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags?state=maybe&limit=0");

        Assert.Equal(3, body1.GetProperty("items").GetArrayLength());
        var body2 = await page2.JsonAsync();
        Assert.Equal(2, body2.GetProperty("items").GetArrayLength());
        Assert.False(body2.TryGetProperty("nextCursor", out _));
        Assert.Equal(["flag-1", "flag-3"], (await tagged.JsonAsync()).GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(["flag-3"], (await byText.JsonAsync()).GetProperty("items").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(5, (await off.JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(["environment", "limit", "state"], (await badState.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact(Timeout = 30_000)]
    public async Task ConfigureFlag_WithContextKinds_IsReadByCore_AndServedAsTheNativeFlag()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var url = $"/api/v1/projects/{project}/environments/production/flags/f";
        using var read = await Admin.SendAsync(HttpMethod.Get, url);

        using var kinded = await Admin.SendAsync(
            HttpMethod.Put,
            url,
            """{"enabled":true,"offVariation":"off","contextKinds":true,"targets":[{"variation":"on","contextKind":"org","values":["acme"]}],"fallthrough":{"variation":"off"}}""",
            read.ETag());
        using var ruleset = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/ruleset");
        using var badKind = await Admin.SendAsync(HttpMethod.Put, url, """{"enabled":true,"contextKinds":"yes","fallthrough":{"variation":"off"}}""", kinded.ETag());
        using var plain = await Admin.SendAsync(HttpMethod.Put, url, """{"enabled":true,"offVariation":"off","fallthrough":{"variation":"off"}}""", kinded.ETag());

        Assert.Equal(HttpStatusCode.OK, kinded.StatusCode);
        var flag = (await kinded.JsonAsync()).GetProperty("flag");
        Assert.True(flag.GetProperty("contextKinds").GetBoolean());
        Assert.Equal("org", flag.GetProperty("targets")[0].GetProperty("contextKind").GetString());
        var served = Assert.Single((await ruleset.JsonAsync()).GetProperty("flags").EnumerateArray());
        Assert.True(served.GetProperty("contextKinds").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False((await plain.JsonAsync()).GetProperty("flag").TryGetProperty("contextKinds", out _));
    }

    [Fact(Timeout = 30_000)]
    public async Task Ruleset_AndChanges_BringAReaderToTheLatestVersion()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "a");
        await Admin.CreateFlagAsync(project, "b");

        using var changes = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/staging/changes?since=1");
        using var ruleset = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/staging/ruleset");

        var body = await changes.JsonAsync();
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        Assert.Equal("b", Assert.Single(body.GetProperty("changes").EnumerateArray()).GetProperty("key").GetString());
        var json = await ruleset.JsonAsync();
        Assert.Equal(2, json.GetProperty("version").GetInt64());
        Assert.Equal(2, json.GetProperty("flags").GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task AuditLog_RecordsWhoWhatAndWhy_AndCannotBeEdited()
    {
        var project = await Admin.CreateProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{project}/flags") { Content = System.Net.Http.Json.JsonContent.Create(Http.BooleanFlag("f")) };
        request.Headers.Add("X-Vexil-Comment", "ticket 42");
        using var created = await Admin.SendAsync(request, TestContext.Current.CancellationToken);

        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");
        using var edit = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/audit", "{}");
        using var delete = await Admin.SendAsync(HttpMethod.Delete, $"/api/v1/audit");

        var entry = (await audit.JsonAsync()).GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == "flag.create");
        Assert.Equal("user:admin", entry.GetProperty("actor").GetString());
        Assert.Equal("ticket 42", entry.GetProperty("comment").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("requestId").GetString()));
        Assert.Equal("f", entry.GetProperty("after").GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, edit.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
    }
}
