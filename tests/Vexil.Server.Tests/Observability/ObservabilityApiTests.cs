using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Observability;

/// <summary>/health/live, /health/ready and /metrics on the control plane.</summary>
public sealed class ObservabilityApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Health_LiveAndReady_Answer200()
    {
        using var http = fixture.Server.Client();

        using var live = await http.GetAsync("/health/live", TestContext.Current.CancellationToken);
        using var ready = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_ShowStreamsEventsAndStoreWrites()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);
        await stream.NextAsync();
        using var http = fixture.Server.Client();

        var text = await http.ScrapeAsync();

        Assert.Contains("# TYPE vexil_delivery_streams gauge", text, StringComparison.Ordinal);
        Assert.Contains("vexil_delivery_events_sent_total{vexil_event_type=\"ruleset\"}", text, StringComparison.Ordinal);
        Assert.Contains("vexil_store_writes_total{", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_CountHttpRequestsByRouteAndStatus()
    {
        using var http = fixture.Server.Client();
        using (await http.GetAsync("/sdk/v1/ruleset", TestContext.Current.CancellationToken))
        {
        }

        var text = await http.ScrapeAsync();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        var unauthorized = text.Split('\n').Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("http_response_status_code=\"401\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(unauthorized, l => l.Contains("http_route=\"/sdk/v1/ruleset\"", StringComparison.Ordinal));
    }
}
