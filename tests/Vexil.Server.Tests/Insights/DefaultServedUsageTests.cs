using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Insights;

/// <summary>Summaries with <c>"variation": null</c> (the caller's default was served) travel from ingestion to the usage API.</summary>
public sealed class DefaultServedUsageTests
{
    [Fact(Timeout = 60_000)]
    public async Task DefaultServed_IsAcceptedAggregatedAndReportedAsDefault()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "f");
        using var sdk = server.Client(await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server"));

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(sdk, """
            {"id":"default-1","summaries":[
              {"flag":"f","variation":null,"version":1,"count":4,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"},
              {"flag":"f","variation":"on","version":1,"count":6,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(sdk, """
            {"id":"default-2","summaries":[{"flag":"f","version":1,"count":4,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}
            """));

        var path = $"/api/v1/projects/{project}/environments/production/flags/f/usage?from=2026-11-24T12:00:00Z&to=2026-11-24T13:00:00Z";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await admin.SendAsync(HttpMethod.Get, path);
            var points = (await response.JsonAsync()).GetProperty("points").EnumerateArray().ToList();
            if (points.Count == 2 || DateTime.UtcNow > deadline)
            {
                Assert.Equal(2, points.Count);
                var byDefault = Assert.Single(points, p => p.TryGetProperty("default", out var d) && d.GetBoolean());
                Assert.False(byDefault.TryGetProperty("variation", out _));
                Assert.Equal(4, byDefault.GetProperty("evaluations").GetInt64());
                var on = Assert.Single(points, p => !p.TryGetProperty("default", out _));
                Assert.Equal(("on", 6L), (on.GetProperty("variation").GetString(), on.GetProperty("evaluations").GetInt64()));
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
