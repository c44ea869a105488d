using System.Diagnostics;
using Vexil.Delivery.Tracing;

namespace Vexil.Server.Changes;

/// <summary>
/// The data path's part of a change's trace: the <c>vexil.change.record</c> span around a write's transaction, and the
/// traceparent its change-log rows keep. It lives here, not in Observability, so the data path imports no hosting code;
/// Observability's <c>ServerTelemetry</c> adds the publish spans on the same source. Without a listener
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and nothing else runs.
/// </summary>
internal static class ChangeTelemetry
{
    public const string ActivitySourceName = "Vexil.Server";
    public const string RecordSpanName = "vexil.change.record";
    public const string EnvironmentAttribute = "vexil.environment.id";

    public static ActivitySource Source { get; } = new(ActivitySourceName, typeof(ChangeTelemetry).Assembly.GetName().Version?.ToString());

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
}
