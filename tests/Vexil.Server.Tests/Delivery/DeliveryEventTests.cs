using System.Text;
using Vexil.Delivery.Tracing;

namespace Vexil.Server.Tests.Delivery;

/// <summary>The exact bytes of the stream's frames.</summary>
public sealed class DeliveryEventTests
{
    [Fact(Timeout = 10_000)]
    public async Task ChangeAsync_FramesTypeDataAndIdOnce()
    {
        var change = await DeliveryEvent.ChangeAsync(43, """{"version":43}"""u8.ToArray(), DateTimeOffset.UnixEpoch);

        Assert.Equal("event: change\ndata: {\"version\":43}\nid: 43\n\n", Encoding.UTF8.GetString(change.Frame.Span));
    }

    [Fact(Timeout = 10_000)]
    public async Task ChangeAsync_WithATrace_FramesATraceEventWithoutIdBeforeTheSameChangeFrame()
    {
        var plain = await DeliveryEvent.ChangeAsync(43, """{"version":43}"""u8.ToArray(), DateTimeOffset.UnixEpoch);
        var traced = await DeliveryEvent.ChangeAsync(43, """{"version":43}"""u8.ToArray(), DateTimeOffset.UnixEpoch, new ChangeTrace(43, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

        const string trace = "event: trace\ndata: {\"version\":43,\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}\n\n";
        Assert.Equal(trace + Encoding.UTF8.GetString(plain.Frame.Span), Encoding.UTF8.GetString(traced.Frame.Span));
        Assert.Null(plain.Trace);
    }

    [Fact(Timeout = 10_000)]
    public async Task RulesetAsync_FramesTheWholeDocument()
    {
        var ruleset = await DeliveryEvent.RulesetAsync(7, """{"formatVersion":1,"version":7}"""u8.ToArray());

        Assert.Equal("event: ruleset\ndata: {\"formatVersion\":1,\"version\":7}\nid: 7\n\n", Encoding.UTF8.GetString(ruleset.Frame.Span));
    }

    [Fact]
    public void HeartbeatAndRetry_AreCommentAndRetryFrames()
    {
        Assert.Equal(": heartbeat\n\n", Encoding.UTF8.GetString(DeliveryEvent.Heartbeat.Frame.Span));
        Assert.Equal("retry: 1500\n\n", Encoding.UTF8.GetString(DeliveryEvent.RetryFrame(TimeSpan.FromMilliseconds(1500))));
    }
}
