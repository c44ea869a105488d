using System.Text;
using Vexil.Delivery.Following;
using Vexil.Delivery.Tracing;

namespace Vexil.Sdk.Tests.DeliveryLibrary;

/// <summary>
/// A <c>trace</c> event before a change makes the follower's <c>vexil.change.apply</c> span a child of the write's
/// context; a trace for another version, a malformed one, or none at all leaves the span a root, and never stops the change.
/// </summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class ChangeTraceFollowingTests
{
    private const string WriteTrace = "0af7651916cd43dd8448eb211c80319c";
    private const string WriteSpan = "b7ad6b7169203331";
    private static readonly string Held = ChangeEventTests.Ruleset(4, [ChangeEventTests.Flag("a", true, 1)], []);

    [Fact]
    public async Task The_apply_span_is_a_child_of_the_trace_event_that_came_before_its_change()
    {
        using var spans = new SpanRecorder(DeliveryTelemetry.ActivitySourceName);
        var (follower, target) = Follower();
        var trace = new ChangeTrace(5, $"00-{WriteTrace}-{WriteSpan}-01").ToUtf8Json();

        await follower.HandleAsync(ChangeTrace.EventType, null, trace, TestContext.Current.CancellationToken);
        await follower.HandleAsync("change", "5", Change(5), TestContext.Current.CancellationToken);

        var span = Assert.Single(spans.Stopped);
        Assert.Equal(DeliveryTelemetry.ApplySpanName, span.OperationName);
        Assert.Equal(WriteTrace, span.TraceId.ToHexString());
        Assert.Equal(WriteSpan, span.ParentSpanId.ToHexString());
        Assert.Equal(5L, span.GetTagItem(DeliveryTelemetry.VersionAttribute));
        var update = Assert.Single(target.Published);
        Assert.Equal($"00-{WriteTrace}-{WriteSpan}-01", update.Trace?.TraceParent);
    }

    [Theory]
    [InlineData("""{"version":6,"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""")] // another version's
    [InlineData("""{"version":5,"traceparent":"not a traceparent"}""")]
    [InlineData("""{"version":5""")]
    [InlineData("""[]""")]
    public async Task A_trace_event_for_another_version_or_malformed_is_ignored_and_the_change_still_applies(string data)
    {
        using var spans = new SpanRecorder(DeliveryTelemetry.ActivitySourceName);
        var (follower, target) = Follower();

        await follower.HandleAsync(ChangeTrace.EventType, null, Encoding.UTF8.GetBytes(data), TestContext.Current.CancellationToken);
        await follower.HandleAsync("change", "5", Change(5), TestContext.Current.CancellationToken);

        Assert.Equal(5, Assert.Single(target.Published).Version);
        var span = Assert.Single(spans.Stopped);
        Assert.NotEqual(WriteTrace, span.TraceId.ToHexString());
        Assert.Equal(default, span.ParentSpanId);
    }

    [Fact]
    public void ChangeTrace_round_trips_its_json()
    {
        var trace = new ChangeTrace(43, $"00-{WriteTrace}-{WriteSpan}-01", "vendor=1");

        Assert.Equal(trace, ChangeTrace.Read(trace.ToUtf8Json()));
        Assert.Equal($$"""{"version":43,"traceparent":"00-{{WriteTrace}}-{{WriteSpan}}-01","tracestate":"vendor=1"}""", Encoding.UTF8.GetString(trace.ToUtf8Json()));
    }

    private static (RulesetFollower, RecordingTarget) Follower()
    {
        var saved = new SavedVersions();
        var target = new RecordingTarget(ChangeEventTests.Load(Held), saved);
        var http = new HttpClient(new RulesetUpstream(Held));
        return (new RulesetFollower(http, new FollowerOptions { BaseAddress = new Uri("http://upstream.test/"), Key = "vx_srv_test" }, target, saved), target);
    }

    private static ReadOnlyMemory<byte> Change(long version) =>
        Encoding.UTF8.GetBytes($$$"""{"version":{{{version}}},"flags":{"upsert":[{{{ChangeEventTests.Flag("a", false, 2)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
}
