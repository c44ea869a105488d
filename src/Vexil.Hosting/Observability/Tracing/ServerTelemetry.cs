using System.Diagnostics;
using Vexil.Delivery.Tracing;
using Vexil.Server.Changes;

namespace Vexil.Server.Observability.Tracing;

/// <summary>
/// The server's spans of a change (docs/operations.md, Tracing): <c>vexil.change.record</c> around a write's
/// transaction (started by the data path, <see cref="ChangeTelemetry"/>), <c>vexil.change.publish</c> when a feed
/// (control plane or edge) sends the change to its streams. Each carries <c>vexil.version</c>. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and nothing else runs.
/// </summary>
internal static class ServerTelemetry
{
    public const string ActivitySourceName = ChangeTelemetry.ActivitySourceName;
    public const string RecordSpanName = ChangeTelemetry.RecordSpanName;
    public const string PublishSpanName = "vexil.change.publish";
    public const string EnvironmentAttribute = ChangeTelemetry.EnvironmentAttribute;

    /// <summary>The server's one activity source (the data path starts the record spans on it).</summary>
    public static ActivitySource Source => ChangeTelemetry.Source;

    /// <summary>
    /// Starts the span of a feed publishing <paramref name="version"/>, a child of <paramref name="parent"/> (the
    /// write's or the upstream's context); null when nobody listens or the change came untraced.
    /// </summary>
    public static Activity? StartPublish(ChangeTrace? parent, long environmentId, long version)
    {
        if (parent is null || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(PublishSpanName, ActivityKind.Producer, DeliveryTelemetry.ParentOf(parent, version));
        activity?.SetTag(DeliveryTelemetry.VersionAttribute, version);
        activity?.SetTag(EnvironmentAttribute, environmentId);
        return activity;
    }
}
