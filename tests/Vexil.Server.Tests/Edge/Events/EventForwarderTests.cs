using System.Net;
using System.Text;

namespace Vexil.Server.Tests.Edge.Events;

/// <summary>The forwarder against a scripted upstream: what it sends, what it retries and what it drops.</summary>
public sealed class EventForwarderTests
{
    private const string Key = "vx_srv_forwarder-test-key";

    private static readonly Dictionary<string, string?> Quick = new()
    {
        ["Vexil:Edge:Events:RetryMinDelay"] = "00:00:00.050",
        ["Vexil:Edge:Events:RetryMaxDelay"] = "00:00:00.200",
        ["Vexil:Edge:Events:ForwardConcurrency"] = "1",
    };

    [Fact(Timeout = 60_000)]
    public async Task UpstreamAnswers400_TheBatchIsDroppedOnceAndLogged_503IsRetried_OthersArriveByteForByteWithTheEdgesKey()
    {
        await using var upstream = await FakeEventsUpstream.StartAsync();
        upstream.Answer = (id, seen) => id switch
        {
            "refused-for-good" => 400,
            "busy" when seen <= 2 => 503,
            _ => 202,
        };
        var data = Path.Combine(Path.GetTempPath(), "vexil-forwarder-" + Guid.NewGuid().ToString("N")[..8]);
        await using var edge = await EdgeHost.StartAsync(upstream.Address, Key, data, Quick);

        string[] ids = ["first", "refused-for-good", "busy", "last"];
        var sent = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            sent[id] = EventsTestBed.Batch(id, 3, exposures: 1); // indented over lines: forwarded as sent
            using var response = await EventsTestBed.PostAsync(edge.Address, Key, sent[id]);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (upstream.Received.Count(r => r.Id == "last") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(500, TestContext.Current.CancellationToken); // time for a wrong retry to show
        var received = upstream.Received.ToList();
        Assert.Equal(1, received.Count(r => r.Id == "refused-for-good"));
        Assert.Equal(3, received.Count(r => r.Id == "busy"));
        Assert.Equal(1, received.Count(r => r.Id == "first"));
        Assert.Equal(1, received.Count(r => r.Id == "last"));
        Assert.All(received, r => Assert.Equal("Bearer " + Key, r.Authorization));
        Assert.All(received, r => Assert.Equal(sent[r.Id], Encoding.UTF8.GetString(r.Body)));

        var metrics = await EventsTestBed.MetricsAsync(edge.Address);
        Assert.Contains("vexil_events_forward_dropped_total{reason=\"rejected\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vexil_events_forward_batches_total 3", metrics, StringComparison.Ordinal);
        Assert.Contains("vexil_events_forward_retries_total 2", metrics, StringComparison.Ordinal);
        Assert.Contains("vexil_events_forward_queue_batches 0", metrics, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Vexil:Edge:Events:SpoolMaxBatches", "0")]
    [InlineData("Vexil:Edge:Events:SpoolMaxBytes", "1000")]
    [InlineData("Vexil:Edge:Events:RetryMinDelay", "00:00:05")]
    public async Task InvalidSpoolSettings_StopTheEdgeAtStart(string setting, string value)
    {
        var data = Path.Combine(Path.GetTempPath(), "vexil-forwarder-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?>(Quick) { [setting] = value };
        if (setting.EndsWith("RetryMinDelay", StringComparison.Ordinal))
        {
            settings["Vexil:Edge:Events:RetryMaxDelay"] = "00:00:01"; // min above max
        }

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => EdgeHost.StartAsync(new Uri("http://127.0.0.1:9"), Key, data, settings));
        Assert.Contains(setting.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }
}
