using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Events.Insights;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Events;

public sealed class EventsApiTests
{
    private static string Batch(string id, int count) => $$"""
        {"id":"{{id}}","sdk":"test/1.0","summaries":[
          {"flag":"f","variation":"on","version":2,"count":{{count}},"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}
        """;

    [Fact(Timeout = 60_000)]
    public async Task Bulk_AcceptsABatchOnce_AndTheCountsReachInsights()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        var key = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");
        using var sdk = server.Client(key);

        using var first = await PostAsync(sdk, Batch("batch-1", 40));
        using var again = await PostAsync(sdk, Batch("batch-1", 40));
        using var second = await PostAsync(sdk, Batch("batch-2", 2));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);

        var environment = await EnvironmentIdAsync(server, project);
        var insights = server.Services.GetRequiredService<FlagInsights>();
        long total = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var usage = await insights.GetUsageAsync(environment, "f", DateTimeOffset.Parse("2026-11-24T11:00:00Z"), DateTimeOffset.Parse("2026-11-24T13:00:00Z"), UsageGranularity.Minute, TestContext.Current.CancellationToken);
            total = usage.Sum(p => p.Evaluations);
            if (total >= 42)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(42, total);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bulk_InvalidBatch_Is400WithEveryErrorAndItsPath()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));

        using var response = await PostAsync(sdk, """{"id":"b","summaries":[{"flag":"f","variation":"on","version":-1,"count":0,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("summaries[0].count", body, StringComparison.Ordinal);
        Assert.Contains("summaries[0].version", body, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("9223372036854775807", "summaries[0].count")] // Int64.MaxValue: one forged summary
    [InlineData("1000000001", "summaries[0].count")] // one over the per-summary bound
    public async Task Bulk_SummaryClaimingMoreThanTheBound_Is400AndCountsNothing(string count, string path)
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));

        using var response = await PostAsync(sdk, Batch("too-many", 1).Replace("\"count\":1", $"\"count\":{count}", StringComparison.Ordinal));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(path, body, StringComparison.Ordinal);
        Assert.Contains("at most 1000000000", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bulk_BatchClaimingMoreThanTheBatchBound_Is400()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));
        var summaries = string.Join(',', Enumerable.Range(0, 11).Select(i =>
            $$"""{"flag":"f{{i}}","variation":"on","version":1,"count":1000000000,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}"""));

        using var response = await PostAsync(sdk, $$"""{"id":"eleven-billion","summaries":[{{summaries}}]}""");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("11000000000 evaluations", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bulk_TimesFarInTheFuture_Are400()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));

        using var response = await PostAsync(sdk, """
            {"id":"from-the-future","summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2099-01-01T00:00:00Z","end":"2099-01-01T00:01:00Z"}],
             "exposures":[{"flag":"f","variation":"on","version":1,"targetingKey":"u1","at":"2099-01-01T00:00:00Z"}]}
            """);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("summaries[0].end", body, StringComparison.Ordinal);
        Assert.Contains("exposures[0].at", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bulk_ClientKey_MayReportExposuresButNotEvaluationSummaries()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        using var browser = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "client"));

        using var summaries = await PostAsync(browser, Batch("forged", 1_000_000));
        var refusal = await summaries.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var exposures = await PostAsync(browser, """
            {"id":"seen","exposures":[{"flag":"f","variation":"on","version":1,"targetingKey":"u1","at":"2026-11-24T12:00:00Z"}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, summaries.StatusCode);
        Assert.Contains("client key", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, exposures.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private static async Task<string> EnvironmentIdAsync(VexilTestServer server, string project)
    {
        var store = server.Services.GetRequiredService<Vexil.Server.Environments.EnvironmentStore>();
        var environment = await store.GetAsync(project, "production", TestContext.Current.CancellationToken);
        return Vexil.Hosting.Events.EventsApi.EnvironmentName(environment!.Id);
    }
}
