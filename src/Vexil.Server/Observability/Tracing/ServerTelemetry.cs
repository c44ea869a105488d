using System.Diagnostics;
using Vexil.Delivery.Tracing;

namespace Vexil.Server.Observability.Tracing;

/// <summary>
/// The server's spans of a change (docs/observability.md, Tracing): <c>vexil.change.record</c> around a write's
/// transaction, <c>vexil.change.publish</c> when a feed (control plane or edge) sends the change to its streams. Each
/// carries <c>vexil.version</c>. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and nothing else runs.
/// </summary>
internal static class ServerTelemetry
{
    public const string ActivitySourceName = "Vexil.Server";
    public const string RecordSpanName = "vexil.change.record";
    public const string PublishSpanName = "vexil.change.publish";
    public const string EnvironmentAttribute = "vexil.environment.id";

    public static ActivitySource Source { get; } = new(ActivitySourceName, typeof(ServerTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of a change set's recording (null when nobody listens).</summary>
    public static Activity? StartRecord(string operation)
    {
        var activity = Source.StartActivity(RecordSpanName, ActivityKind.Internal);
        activity?.SetTag("vexil.operation", operation);
        return activity;
    }

    /// <summary>
    /// Notes on the current record span the version a change produces, and returns the traceparent its change-log rows
    /// keep: null when the write is not traced (no record span), so an untraced server stores and sends nothing.
    /// </summary>
    public static string? RecordedChange(long environmentId, long version)
    {
        if (Activity.Current is not { } activity || activity.Source != Source)
        {
            return null;
        }

        // A set that changes several environments (a flag created in each) keeps the last as the span's attributes
        // and every one as an event.
        activity.SetTag(DeliveryTelemetry.VersionAttribute, version);
        activity.SetTag(EnvironmentAttribute, environmentId);
        activity.AddEvent(new ActivityEvent("vexil.change.logged", tags: new ActivityTagsCollection
        {
            { DeliveryTelemetry.VersionAttribute, version },
            { EnvironmentAttribute, environmentId },
        }));
        return activity.Id;
    }

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
