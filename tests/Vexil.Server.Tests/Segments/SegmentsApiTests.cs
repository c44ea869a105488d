using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Segments;

public sealed class SegmentsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task Segment_CreateUpdateDelete_WithETags_AndVersions()
    {
        var project = await Admin.CreateProjectAsync();
        var segments = $"/api/v1/projects/{project}/environments/development/segments";

        using var created = await Admin.SendAsync(HttpMethod.Post, segments, new { key = "beta", included = new[] { "u1" } });
        using var updated = await Admin.SendAsync(HttpMethod.Put, $"{segments}/beta", new { included = new[] { "u1", "u2" } }, created.ETag());
        using var stale = await Admin.SendAsync(HttpMethod.Put, $"{segments}/beta", new { included = Array.Empty<string>() }, created.ETag());
        using var read = await Admin.SendAsync(HttpMethod.Get, $"{segments}/beta");
        using var deleted = await Admin.SendAsync(HttpMethod.Delete, $"{segments}/beta", ifMatch: read.ETag());
        using var gone = await Admin.SendAsync(HttpMethod.Get, $"{segments}/beta");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (await created.JsonAsync()).GetProperty("versions").GetProperty("development").GetInt64());
        Assert.Equal(2, (await updated.JsonAsync()).GetProperty("versions").GetProperty("development").GetInt64());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(2, (await read.JsonAsync()).GetProperty("included").GetArrayLength());
        Assert.Equal(3, (await deleted.JsonAsync()).GetProperty("versions").GetProperty("development").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Segment_WithAnInvalidRule_ListsTheErrorAtItsBodyPath()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(
            HttpMethod.Post,
            $"/api/v1/projects/{project}/environments/development/segments",
            """{"key":"s","rules":[{"id":"r","clauses":[{"attribute":"age","operator":"lt","values":["old"]}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name);
        Assert.Contains(paths, p => p.StartsWith("rules[0].clauses[0]", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Segment_WithContextsOfAKindAndASalt_IsReadByCore_ShownAsWritten_AndServed()
    {
        var project = await Admin.CreateProjectAsync();
        var segments = $"/api/v1/projects/{project}/environments/development/segments";
        const string Body = """
            {"key":"partners","included":["u1"],
             "includedContexts":[{"contextKind":"org","values":["acme"]}],
             "excludedContexts":[{"contextKind":"org","values":["banned"]},{"contextKind":"device","values":["d-1"]}],
             "salt":"partners-salt",
             "rules":[{"id":"weighted","clauses":[{"attribute":"country","operator":"in","values":["NL"],"contextKind":"user"}],
                       "percentage":{"weight":25000,"algorithm":"launchdarkly-v1","bucketBy":"key"}}]}
            """;

        using var created = await Admin.SendAsync(HttpMethod.Post, segments, Body);
        using var read = await Admin.SendAsync(HttpMethod.Get, $"{segments}/partners");
        using var ruleset = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/development/ruleset");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var segment = await read.JsonAsync();
        Assert.Equal("""[{"contextKind":"org","values":["acme"]}]""", segment.GetProperty("includedContexts").GetRawText());
        Assert.Equal("""[{"contextKind":"org","values":["banned"]},{"contextKind":"device","values":["d-1"]}]""", segment.GetProperty("excludedContexts").GetRawText());
        Assert.Equal("partners-salt", segment.GetProperty("salt").GetString());
        Assert.Equal(25000, segment.GetProperty("rules")[0].GetProperty("percentage").GetProperty("weight").GetInt32());
        var served = Assert.Single((await ruleset.JsonAsync()).GetProperty("segments").EnumerateArray());
        Assert.Equal(segment.GetProperty("includedContexts").GetRawText(), served.GetProperty("includedContexts").GetRawText());
        Assert.Equal("partners-salt", served.GetProperty("salt").GetString());

        // A PUT replaces the segment whole: without them, the contexts and the salt are gone.
        using var replaced = await Admin.SendAsync(HttpMethod.Put, $"{segments}/partners", new { included = new[] { "u1" } }, read.ETag());
        var after = await replaced.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.False(after.TryGetProperty("includedContexts", out _), after.ToString());
        Assert.False(after.TryGetProperty("salt", out _), after.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Segment_WithBadContextsOfAKind_ListsEachErrorAtItsBodyPath_AndChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var segments = $"/api/v1/projects/{project}/environments/development/segments";

        using var notAList = await Admin.SendAsync(HttpMethod.Post, segments, """{"key":"s","excludedContexts":{"contextKind":"org"}}""");
        using var missingKind = await Admin.SendAsync(HttpMethod.Post, segments, """{"key":"s","includedContexts":[{"values":["acme"]}]}""");
        using var badPercentage = await Admin.SendAsync(HttpMethod.Post, segments, """{"key":"s","rules":[{"id":"r","clauses":[],"percentage":{"weight":25000,"algorithm":"nope"}}]}""");
        using var none = await Admin.SendAsync(HttpMethod.Get, $"{segments}/s");

        Assert.Equal(HttpStatusCode.BadRequest, notAList.StatusCode);
        Assert.Equal(["excludedContexts"], (await notAList.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, missingKind.StatusCode);
        Assert.Equal(["includedContexts[0].contextKind"], (await missingKind.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, badPercentage.StatusCode);
        Assert.Contains((await badPercentage.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), p => p.StartsWith("rules[0].percentage", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }
}
