using System.Diagnostics;
using NATS.Client.Core;

namespace Vexil.Events.Bus.Nats;

/// <summary>
/// Tracing of the NATS bus, on the OpenTelemetry messaging conventions: a producer span <c>publish {subject}</c> around
/// a publish, whose context travels in the message's W3C <c>traceparent</c> (and <c>tracestate</c>) headers, and a
/// consumer span <c>process {subject}</c> from a message's delivery to its acknowledgement, a child of the producer's.
/// Without a listener nothing is started and no header is added; a missing or malformed header gives a consumer span
/// without a parent, never an exception.
/// </summary>
internal static class NatsTelemetry
{
    public const string ActivitySourceName = "Vexil.Events";
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static ActivitySource Source { get; } = new(ActivitySourceName, typeof(NatsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the producer span of a publish and gives the headers that carry its context (both null when nobody listens).</summary>
    public static Activity? StartPublish(string subject, string messageId, out NatsHeaders? headers)
    {
        headers = null;
        var activity = Source.StartActivity($"publish {subject}", ActivityKind.Producer);
        if (activity is null)
        {
            return null;
        }

        Tag(activity, subject, messageId, "send", "publish");
        if (activity.IdFormat == ActivityIdFormat.W3C && activity.Id is { } id)
        {
            headers = new NatsHeaders { [TraceParentHeader] = id };
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                headers[TraceStateHeader] = activity.TraceStateString;
            }
        }

        return activity;
    }

    /// <summary>
    /// Starts the consumer span of one delivered message, a child of the context in its headers; it ends when the
    /// message is acknowledged or refused, and it is not made the fetching loop's current activity.
    /// </summary>
    public static Activity? StartProcess(string subject, NatsHeaders? headers, string messageId, long delivery)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        if (headers is not null && headers.TryGetValue(TraceParentHeader, out var traceParent))
        {
            var traceState = headers.TryGetValue(TraceStateHeader, out var state) ? state.ToString() : null;
            _ = ActivityContext.TryParse(traceParent.ToString(), traceState, isRemote: true, out parent);
        }

        var previous = Activity.Current;
        var activity = Source.StartActivity($"process {subject}", ActivityKind.Consumer, parent);
        Activity.Current = previous;
        if (activity is not null)
        {
            Tag(activity, subject, messageId, "process", "process");
            activity.SetTag("messaging.nats.delivery_count", delivery);
        }

        return activity;
    }

    /// <summary>Ends a consumer span with its outcome (<c>ack</c> or <c>nak</c>).</summary>
    public static void End(Activity? activity, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("vexil.bus.outcome", outcome);
        activity.Dispose();
    }

    private static void Tag(Activity activity, string subject, string messageId, string type, string name)
    {
        activity.SetTag("messaging.system", "nats");
        activity.SetTag("messaging.destination.name", subject);
        activity.SetTag("messaging.operation.type", type);
        activity.SetTag("messaging.operation.name", name);
        activity.SetTag("messaging.message.id", messageId);
    }
}
