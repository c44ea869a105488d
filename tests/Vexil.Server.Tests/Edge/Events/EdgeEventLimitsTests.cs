using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge.Events;

/// <summary>An edge applies the control plane's rules for what a batch may claim before it spools anything (docs/events.md).</summary>
public sealed class EdgeEventLimitsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Summary = """{"id":"forged","summaries":[{"flag":"f","variation":"on","version":1,"count":9223372036854775807,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""";
    private const string Exposure = """{"id":"seen","exposures":[{"flag":"f","variation":"on","version":1,"targetingKey":"u1","at":"2026-11-24T12:00:00Z"}]}""";

    [Fact(Timeout = 60_000)]
    public async Task Edge_RefusesForgedCountsFromAnyKey_AndSummariesFromClientKeys()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        var clientKey = await Auth.AuthorizationMatrixTests.SdkKeyAsync(fixture.Admin, setup.Project, "production", "client");
        await using var edge = await EdgeHost.StartAsync(fixture.Server.Address, setup.ServerKey, Path.Combine(Path.GetTempPath(), "vexil-edge-limits-" + Guid.NewGuid().ToString("N")[..8]), new Dictionary<string, string?>
        {
            ["Vexil:Edge:ClientKeyRefresh"] = "00:00:00.100",
        });

        var (forgedStatus, forgedBody) = await PostAsync(edge.Address, setup.ServerKey, Summary);
        Assert.Equal(HttpStatusCode.BadRequest, forgedStatus);
        Assert.Contains("summaries[0].count", forgedBody, StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await PostAsync(edge.Address, clientKey, Exposure)).Status != HttpStatusCode.Accepted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the edge never accepted the client key");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var (clientSummaryStatus, clientSummaryBody) = await PostAsync(edge.Address, clientKey, Summary.Replace("9223372036854775807", "1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, clientSummaryStatus);
        Assert.Contains("client key", clientSummaryBody, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Uri edge, string key, string json)
    {
        using var client = new HttpClient { BaseAddress = edge };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
