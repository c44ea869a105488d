using System.Diagnostics;
using Vexil.Delivery.Tracing;

namespace Vexil.Hosting.Observability.Tracing;

/// <summary>
/// The server's spans of a change (docs/operations.md, Tracing): <c>vexil.change.record</c> around a write's
/// transaction (started by the control plane's data path, <c>ChangeTelemetry</c>), <c>vexil.change.publish</c> when a feed
/// (control plane or edge) sends the change to its streams. Each carries <c>vexil.version</c>. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and nothing else runs.
/// </summary>
internal static class ServerTelemetry
{
    /// <summary>The server's activity source name; the control plane's data path starts its record spans on a source of the same name (<c>Changes/ChangeTelemetry</c>), so one subscription sees both.</summary>
    public const string ActivitySourceName = "Vexil.Server";
    public const string RecordSpanName = "vexil.change.record";
    public const string PublishSpanName = "vexil.change.publish";
    public const string EnvironmentAttribute = "vexil.environment.id";

    /// <summary>The publish spans' source (named <see cref="ActivitySourceName"/>).</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName, typeof(ServerTelemetry).Assembly.GetName().Version?.ToString());

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
