using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Api;

/// <summary>Bad requests get RFC 7807 problem details and change nothing.</summary>
public sealed class ProblemDetailsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, "/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact(Timeout = 30_000)]
    public async Task WrongMethod_Is405()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/projects/{project}/flags", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task OversizedBody_Is413_AndCreatesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        var huge = new string('x', 70_000);

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", new { key = "big", type = "boolean", name = huge, variations = new[] { new { key = "on", value = true } } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var get = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/big");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task MalformedJson_Is400WithThePath()
    {
        var project = await Admin.CreateProjectAsync();

        using var broken = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", "{\"key\": \"a\", \"type\": ");
        using var wrongType = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", "{\"key\": 5}");
        using var unknownField = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", "{\"key\": \"a\", \"kee\": 1}");

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);
        Assert.True((await wrongType.JsonAsync()).GetProperty("errors").TryGetProperty("key", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/flags", "POST", """{"key": 5}""", "key", "must be a string")]
    [InlineData("/flags", "POST", """{"key": "a", "tags": "x"}""", "tags", "must be an array of strings")]
    [InlineData("/flags", "POST", """{"key": "a", "tags": [1]}""", "tags[0]", "must be a string")]
    [InlineData("/flags", "POST", """{"key": "a", "expectedLifetimeDays": "ten"}""", "expectedLifetimeDays", "must be an integer")]
    [InlineData("/flags", "POST", """{"key": "a", "kee": 1}""", "kee", "is not a known field")]
    [InlineData("/environments/production/flags/f/enabled", "PUT", """{"enabled": "yes"}""", "enabled", "must be true or false")]
    [InlineData("/environments/production/flags/f/enabled", "PUT", """[true]""", "", "must be a JSON object")]
    [InlineData("/environments/production/flags/f/enabled", "PUT", """{"enabled": true, "x": {"y": 1}}""", "x", "is not a known field")]
    public async Task WrongTypeOrUnknownField_SaysWhatIsExpected_WithoutDotNetTypeNames(string path, string method, string body, string field, string message)
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");

        using var response = await Admin.SendAsync(new HttpMethod(method), $"/api/v1/projects/{project}{path}", body, "*");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Vexil.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ApiReference_HasAContentSecurityPolicy()
    {
        using var client = fixture.Server.Client();

        using var response = await client.GetAsync(new Uri("/api/reference", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("nosniff", string.Join(";", response.Headers.GetValues("X-Content-Type-Options")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task NonJsonBody_Is415()
    {
        var project = await Admin.CreateProjectAsync();
        using var content = new StringContent("key=a", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await Admin.PostAsync($"/api/v1/projects/{project}/flags", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task InvalidFlag_ListsEveryErrorWithItsPath_AndChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();

        using var response = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", new { key = "-bad", type = "colour", name = "", lifetime = "forever", variations = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["key", "lifetime", "name", "type", "variations"], errors.EnumerateObject().Select(p => p.Name).Order());
        using var list = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags");
        Assert.Equal(0, (await list.JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task InvalidConfiguration_ReportsCorePathsRelativeToTheBody_AndChangesNothing()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var url = $"/api/v1/projects/{project}/environments/production/flags/f";
        using var read = await Admin.SendAsync(HttpMethod.Get, url);

        using var response = await Admin.SendAsync(
            HttpMethod.Put,
            url,
            """{"enabled":true,"offVariation":"zzz","fallthrough":{"rollout":{"weights":[{"variation":"on","weight":10}]}},"rules":[{"id":"r","clauses":[{"attribute":"a","operator":"wat","values":[]}],"serve":{"variation":"on"}}]}""",
            read.ETag());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains(paths, p => p.StartsWith("rules[0].clauses[0]", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("flags[", StringComparison.Ordinal));
        using var after = await Admin.SendAsync(HttpMethod.Get, url);
        Assert.Equal(read.ETag(), after.ETag());
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteWithoutIfMatch_Is428_AndStaleIfMatch_Is412()
    {
        var project = await Admin.CreateProjectAsync();
        using var read = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}");

        using var missing = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}", new { name = "A" });
        using var ok = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}", new { name = "B" }, read.ETag());
        using var stale = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}", new { name = "C" }, read.ETag());

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(read.ETag(), ok.ETag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var after = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}");
        Assert.Equal("B", (await after.JsonAsync()).GetProperty("name").GetString());
    }
}
