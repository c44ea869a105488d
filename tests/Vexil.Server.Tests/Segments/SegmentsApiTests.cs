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
}
