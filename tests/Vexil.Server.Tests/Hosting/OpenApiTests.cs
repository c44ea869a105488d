using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>The server describes its admin API and serves a browsable reference.</summary>
public sealed class OpenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task OpenApiDocument_DescribesTheAdminApi()
    {
        using var client = fixture.Server.Client();

        using var response = await client.SendAsync(HttpMethod.Get, "/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/projects/{project}/flags", out _));
        Assert.True(paths.TryGetProperty("/api/v1/projects/{project}/environments/{environment}/flags/{flag}/enabled", out _));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReferencePage_IsServed()
    {
        using var client = fixture.Server.Client();

        using var response = await client.SendAsync(HttpMethod.Get, "/api/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }
}
