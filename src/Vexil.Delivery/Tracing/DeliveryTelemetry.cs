using System.Diagnostics;

namespace Vexil.Delivery.Tracing;

/// <summary>
/// The names under which Vexil traces a change end to end (docs/observability.md, Tracing). Every span of a change
/// carries <see cref="VersionAttribute"/>; a follower's apply span is a child of the write that produced the change,
/// whose context travels with the change in a <c>trace</c> event (<see cref="ChangeTrace"/>).
/// </summary>
public static class DeliveryTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the follower (SDK and edge): <c>Vexil.Delivery</c>.</summary>
    public const string ActivitySourceName = "Vexil.Delivery";

    /// <summary>The environment version a span's change produces: <c>vexil.version</c>.</summary>
    public const string VersionAttribute = "vexil.version";

    /// <summary>The span of a follower applying one change: <c>vexil.change.apply</c>.</summary>
    public const string ApplySpanName = "vexil.change.apply";

    internal static ActivitySource Source { get; } = new(ActivitySourceName, typeof(DeliveryTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// The remote parent named by <paramref name="trace"/> when it is for <paramref name="version"/> and well formed;
    /// default otherwise (a bad trace context never stops a change).
    /// </summary>
    public static ActivityContext ParentOf(ChangeTrace? trace, long version) =>
        trace is not null && trace.Version == version && ActivityContext.TryParse(trace.TraceParent, trace.TraceState, isRemote: true, out var parent)
            ? parent
            : default;
}
