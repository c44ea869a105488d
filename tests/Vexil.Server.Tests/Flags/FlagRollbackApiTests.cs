using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>POST …/flags/{flag}/rollback?toVersion=N: a bad change undone by putting back an earlier configuration.</summary>
public sealed class FlagRollbackApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Rollback_AfterABadChange_ServesTheEarlierConfigurationAsANewAuditedVersion()
    {
        var (production, flag) = await FlagAsync();
        var good = await ConfigureAsync(production, flag, fallthrough: "on", enabled: true);
        var bad = await ConfigureAsync(production, flag, fallthrough: "off", enabled: true);
        Assert.Equal(good + 1, bad);

        using var rollback = await RollbackAsync(production, flag, good, ifMatch: await ETagAsync(production, flag), comment: "undo INC-42");

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var body = await rollback.JsonAsync();
        Assert.Equal(bad + 1, body.GetProperty("versions").GetProperty("production").GetInt64());
        Assert.Equal("on", body.GetProperty("flag").GetProperty("fallthrough").GetProperty("variation").GetString());
        Assert.Equal("on", Fallthrough(await RulesetFlagAsync(production, flag)));
        var audit = await LatestAuditAsync(production);
        Assert.Equal("flag.rollback", audit.GetProperty("action").GetString());
        Assert.Equal("undo INC-42", audit.GetProperty("comment").GetString());
        Assert.Equal("off", audit.GetProperty("before").GetProperty("fallthrough").GetProperty("variation").GetString());
        Assert.Equal("on", audit.GetProperty("after").GetProperty("fallthrough").GetProperty("variation").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Rollback_WithoutAComment_RecordsTheVersionItRolledBackTo()
    {
        var (production, flag) = await FlagAsync();
        var good = await ConfigureAsync(production, flag, fallthrough: "on", enabled: false);
        await ConfigureAsync(production, flag, fallthrough: "on", enabled: true);

        using var rollback = await RollbackAsync(production, flag, good, ifMatch: "*");

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.False((await rollback.JsonAsync()).GetProperty("flag").GetProperty("enabled").GetBoolean());
        Assert.Equal($"rolled back to version {good}", (await LatestAuditAsync(production)).GetProperty("comment").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Rollback_WithAStaleOrMissingIfMatch_ChangesNothing()
    {
        var (production, flag) = await FlagAsync();
        var good = await ConfigureAsync(production, flag, fallthrough: "on", enabled: true);
        var stale = await ETagAsync(production, flag);
        var bad = await ConfigureAsync(production, flag, fallthrough: "off", enabled: true);

        using var precondition = await RollbackAsync(production, flag, good, ifMatch: stale);
        using var missing = await RollbackAsync(production, flag, good, ifMatch: null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, precondition.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        var flagNow = await RulesetFlagAsync(production, flag);
        Assert.Equal("off", Fallthrough(flagNow));
        Assert.Equal(bad, flagNow.GetProperty("version").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task Rollback_ToAMissingFutureOrPreCreationVersion_IsAValidationProblem()
    {
        var (production, _) = await FlagAsync();
        var before = await ConfigureAsync(production, "f", fallthrough: "on", enabled: true);
        var project = production.Split('/')[4];
        var admin = fixture.Admin;
        await admin.CreateFlagAsync(project, "late");

        foreach (var query in new[] { string.Empty, "?toVersion=0", "?toVersion=999999", $"?toVersion={before}" })
        {
            using var response = await admin.SendAsync(HttpMethod.Post, $"{production}/flags/late/rollback{query}", null, "*");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("toVersion", out _), query);
        }

        using var unknown = await admin.SendAsync(HttpMethod.Post, $"{production}/flags/nope/rollback?toVersion=1", null, "*");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rollback_ToAConfigurationThatNoLongerValidates_IsRejectedWhole()
    {
        var (production, flag) = await FlagAsync(variations: ["on", "extra", "off"]);
        var old = await ConfigureAsync(production, flag, fallthrough: "extra", enabled: true);
        var current = await ConfigureAsync(production, flag, fallthrough: "on", enabled: true);
        var project = production.Split('/')[4];
        var admin = fixture.Admin;
        using (var definition = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/flags/{flag}", Definition(flag, ["on", "off"]), "*"))
        {
            Assert.True(definition.StatusCode == HttpStatusCode.OK, await definition.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using var rollback = await RollbackAsync(production, flag, old, ifMatch: "*");

        Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
        Assert.Equal("on", Fallthrough(await RulesetFlagAsync(production, flag)));
        Assert.True((await RulesetFlagAsync(production, flag)).GetProperty("version").GetInt64() > current);
    }

    private async Task<(string Production, string Flag)> FlagAsync(string[]? variations = null)
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();
        using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Definition("f", variations ?? ["on", "off"]));
        created.EnsureSuccessStatusCode();
        return ($"/api/v1/projects/{project}/environments/production", "f");
    }

    private static object Definition(string key, string[] variations) => new
    {
        key,
        type = "string",
        name = "F",
        variations = variations.Select(v => new { key = v, value = v }).ToArray(),
    };

    private async Task<long> ConfigureAsync(string production, string flag, string fallthrough, bool enabled)
    {
        var admin = fixture.Admin;
        using var response = await admin.SendAsync(HttpMethod.Put, $"{production}/flags/{flag}", new { enabled, offVariation = "off", fallthrough = new { variation = fallthrough } }, "*");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();
    }

    private async Task<string> ETagAsync(string production, string flag)
    {
        var admin = fixture.Admin;
        using var response = await admin.SendAsync(HttpMethod.Get, $"{production}/flags/{flag}");
        return response.ETag();
    }

    private async Task<HttpResponseMessage> RollbackAsync(string production, string flag, long toVersion, string? ifMatch, string? comment = null)
    {
        if (comment is null)
        {
            return await fixture.Admin.SendAsync(HttpMethod.Post, $"{production}/flags/{flag}/rollback?toVersion={toVersion}", null, ifMatch);
        }

        using var admin = await fixture.Server.AdminAsync();
        admin.DefaultRequestHeaders.Add("X-Vexil-Comment", comment);
        return await admin.SendAsync(HttpMethod.Post, $"{production}/flags/{flag}/rollback?toVersion={toVersion}", null, ifMatch);
    }

    private async Task<JsonElement> RulesetFlagAsync(string production, string flag)
    {
        var admin = fixture.Admin;
        using var response = await admin.SendAsync(HttpMethod.Get, $"{production}/ruleset");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == flag);
    }

    private async Task<JsonElement> LatestAuditAsync(string production)
    {
        var admin = fixture.Admin;
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{production.Split('/')[4]}/audit?limit=1");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("items")[0];
    }

    private static string? Fallthrough(JsonElement flag) => flag.GetProperty("fallthrough").GetProperty("variation").GetString();
}
