using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Insights;

public sealed class InsightsApiTests
{
    private const string Batch1 = """
        {"id":"usage-1","sdk":"test/1.0",
         "summaries":[
           {"flag":"f","variation":"on","version":1,"count":10,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"},
           {"flag":"f","variation":"off","version":1,"count":5,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"},
           {"flag":"f","variation":"on","version":1,"count":7,"start":"2026-11-24T12:01:00Z","end":"2026-11-24T12:02:00Z"}],
         "exposures":[
           {"flag":"f","variation":"on","version":1,"targetingKey":"u1","at":"2026-11-24T12:00:30Z"},
           {"flag":"f","variation":"off","version":1,"targetingKey":"u2","at":"2026-11-24T12:00:40Z"},
           {"flag":"f","variation":"on","version":1,"targetingKey":"u3","at":"2026-11-24T12:01:10Z"}]}
        """;

    private const string Batch2 = """
        {"id":"usage-2","summaries":[
           {"flag":"f","variation":"on","version":1,"count":3,"start":"2026-11-24T13:05:00Z","end":"2026-11-24T13:06:00Z"}]}
        """;

    [Fact(Timeout = 60_000)]
    public async Task Usage_ByMinuteAndHour_CountsEvaluationsAndExposuresPerVariation()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));
        using var viewer = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "viewer", null));
        Assert.Equal(HttpStatusCode.Accepted, await PostBatchAsync(sdk, Batch1));
        Assert.Equal(HttpStatusCode.Accepted, await PostBatchAsync(sdk, Batch2));

        var usage = $"/api/v1/projects/{project}/environments/production/flags/f/usage";
        var hours = await WaitForEvaluationsAsync(viewer, $"{usage}?from=2026-11-24T12:00:00Z&to=2026-11-24T14:00:00Z&granularity=hour", 25);
        Assert.Equal("hour", hours.GetProperty("granularity").GetString());
        Assert.Equal(3, hours.GetProperty("points").GetArrayLength());
        Assert.Equal((17, 2), Point(hours, "2026-11-24T12:00:00Z", "on"));
        Assert.Equal((5, 1), Point(hours, "2026-11-24T12:00:00Z", "off"));
        Assert.Equal((3, 0), Point(hours, "2026-11-24T13:00:00Z", "on"));

        using var response = await viewer.SendAsync(HttpMethod.Get, $"{usage}?from=2026-11-24T12:00:00Z&to=2026-11-24T12:02:00Z&granularity=minute");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var minutes = await response.JsonAsync();
        Assert.Equal("minute", minutes.GetProperty("granularity").GetString());
        Assert.Equal(3, minutes.GetProperty("points").GetArrayLength());
        Assert.Equal((10, 1), Point(minutes, "2026-11-24T12:00:00Z", "on"));
        Assert.Equal((5, 1), Point(minutes, "2026-11-24T12:00:00Z", "off"));
        Assert.Equal((7, 1), Point(minutes, "2026-11-24T12:01:00Z", "on"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Usage_WithoutQuery_ReadsTheLastDayByHour()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");

        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/f/usage");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hour", body.GetProperty("granularity").GetString());
        Assert.Equal(TimeSpan.FromDays(1), body.GetProperty("to").GetDateTimeOffset() - body.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(0, body.GetProperty("points").GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task Usage_InvalidQuery_Is400WithEveryError()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        var usage = $"/api/v1/projects/{project}/environments/production/flags/f/usage";

        var all = await ErrorsAsync(admin, $"{usage}?from=yesterday&to=2026-11-24T12:00:00&granularity=week");
        Assert.Equal(["from", "granularity", "to"], all.Keys.Order(StringComparer.Ordinal));

        var reversed = await ErrorsAsync(admin, $"{usage}?from=2026-11-24T13:00:00Z&to=2026-11-24T12:00:00Z&granularity=minute");
        Assert.Equal(["from"], reversed.Keys);

        var tooLong = await ErrorsAsync(admin, $"{usage}?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:01Z&granularity=minute");
        Assert.Equal(["to"], tooLong.Keys);
        Assert.Contains("minute", tooLong["to"], StringComparison.Ordinal);

        using var hourOk = await admin.SendAsync(HttpMethod.Get, $"{usage}?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:01Z&granularity=hour");
        Assert.Equal(HttpStatusCode.OK, hourOk.StatusCode);
        var hourTooLong = await ErrorsAsync(admin, $"{usage}?from=2026-01-01T00:00:00Z&to=2026-11-22T00:00:00Z&granularity=hour");
        Assert.Equal(["to"], hourTooLong.Keys);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("nope", "production", "f")]
    [InlineData(null, "nope", "f")]
    [InlineData(null, "production", "nope")]
    public async Task Usage_UnknownProjectEnvironmentOrFlag_Is404(string? projectKey, string environment, string flag)
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");

        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{projectKey ?? project}/environments/{environment}/flags/{flag}/usage");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task StaleFlags_FlagNeverEvaluated_IsStaleAsNotEvaluated()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "never");
        using var viewer = server.Client(await AuthorizationMatrixTests.TokenAsync(admin, "viewer", project));
        var stale = $"/api/v1/projects/{project}/environments/production/stale-flags";

        using var now = await viewer.SendAsync(HttpMethod.Get, $"{stale}?staleAfterDays=0");
        var body = await now.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        Assert.Equal(0, body.GetProperty("staleAfterDays").GetInt32());
        var flag = Assert.Single(body.GetProperty("flags").EnumerateArray());
        Assert.Equal("never", flag.GetProperty("key").GetString());
        Assert.Equal(["notEvaluated"], flag.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.False(flag.TryGetProperty("lastEvaluated", out _));

        using var byDefault = await viewer.SendAsync(HttpMethod.Get, stale);
        var young = await byDefault.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, byDefault.StatusCode);
        Assert.Equal(30, young.GetProperty("staleAfterDays").GetInt32());
        Assert.Equal(0, young.GetProperty("flags").GetArrayLength());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("-1")]
    [InlineData("3651")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public async Task StaleFlags_InvalidStaleAfterDays_Is400(string days)
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();

        var errors = await ErrorsAsync(admin, $"/api/v1/projects/{project}/environments/production/stale-flags?staleAfterDays={days}");

        Assert.Equal(["staleAfterDays"], errors.Keys);
    }

    [Fact(Timeout = 60_000)]
    public async Task StaleFlags_UnknownEnvironment_Is404()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();

        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/nope/stale-flags");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Insights_SdkKeysAndTokensOfAnotherProject_Are403()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var other = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        string[] paths =
        [
            $"/api/v1/projects/{project}/environments/production/flags/f/usage",
            $"/api/v1/projects/{project}/environments/production/stale-flags",
        ];
        string[] credentials =
        [
            await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"),
            await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "client"),
            await AuthorizationMatrixTests.TokenAsync(admin, "administrator", other),
        ];

        foreach (var credential in credentials)
        {
            using var client = server.Client(credential);
            foreach (var path in paths)
            {
                using var response = await client.SendAsync(HttpMethod.Get, path);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
    }

    private static (long Evaluations, long Exposures) Point(JsonElement usage, string start, string variation)
    {
        var expected = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var point = Assert.Single(usage.GetProperty("points").EnumerateArray(), p => p.GetProperty("start").GetDateTimeOffset() == expected && p.GetProperty("variation").GetString() == variation);
        return (point.GetProperty("evaluations").GetInt64(), point.GetProperty("exposures").GetInt64());
    }

    private static async Task<JsonElement> WaitForEvaluationsAsync(HttpClient client, string path, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            var total = body.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("evaluations").GetInt64());
            if (total >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, total);
                return body;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        return body.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join("; ", e.Value.EnumerateArray().Select(v => v.GetString())), StringComparer.Ordinal);
    }

    private static async Task<HttpStatusCode> PostBatchAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
