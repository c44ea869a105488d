using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    public async Task OpenApiDocument_HasCleanSchemaNamesAndDescriptions()
    {
        using var client = fixture.Server.Client();

        using var response = await client.SendAsync(HttpMethod.Get, "/api/openapi/v1.json");
        var document = await response.JsonAsync();

        Assert.Equal("Vexil admin API", document.GetProperty("info").GetProperty("title").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();
        Assert.Contains("SdkKeyResponse", schemas);
        Assert.All(schemas, name => Assert.Matches("^[A-Z][A-Za-z0-9]*$", name));
        Assert.DoesNotContain("JsonElement", schemas); // free-form JSON is inline, not named after .NET
        var texts = new List<(string Path, string Text)>();
        Collect(document, "$", texts);
        Assert.NotEmpty(texts);
        // C# leaking into prose: nullable annotations ("string?"), generics, member references ("Type.Member"), XML tags.
        var csharp = new Regex(@"\w\?[\s.,)]|\w\?$|[<>]|\b[A-Z]\w+\.[A-Z]\w+\b|\bcref\b|\b[TPMF]:[A-Z]", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.Empty(texts.Where(t => csharp.IsMatch(t.Text)).Select(t => $"{t.Path}: {t.Text}"));
    }

    [Fact(Timeout = 30_000)]
    public async Task OpenApiDocument_DescribesSdkKeyRotation()
    {
        using var client = fixture.Server.Client();

        using var response = await client.SendAsync(HttpMethod.Get, "/api/openapi/v1.json");
        var paths = (await response.JsonAsync()).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/projects/{project}/environments/{environment}/sdk-keys/{id}/rotate", out var rotate));
        Assert.True(rotate.TryGetProperty("post", out _));
    }

    private static void Collect(JsonElement element, string path, List<(string, string)> texts)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "description" or "summary" && property.Value.ValueKind == JsonValueKind.String)
                {
                    texts.Add(($"{path}.{property.Name}", property.Value.GetString()!));
                }
                else
                {
                    Collect(property.Value, $"{path}.{property.Name}", texts);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, $"{path}[{i++}]", texts);
            }
        }
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
