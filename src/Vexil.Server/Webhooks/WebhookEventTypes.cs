namespace Vexil.Server.Webhooks;

/// <summary>The webhook event types and the patterns a subscription may ask for. Which change raises which type is decided by the change itself (Changes/).</summary>
internal static class WebhookEventTypes
{
    public const string FlagCreated = "flag.created";
    public const string FlagUpdated = "flag.updated";
    public const string FlagToggled = "flag.toggled";
    public const string FlagDeleted = "flag.deleted";
    public const string FlagArchived = "flag.archived";
    public const string FlagRestored = "flag.restored";
    public const string SegmentCreated = "segment.created";
    public const string SegmentUpdated = "segment.updated";
    public const string SegmentDeleted = "segment.deleted";

    /// <summary>Every event type, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All =
        [FlagCreated, FlagUpdated, FlagToggled, FlagDeleted, FlagArchived, FlagRestored, SegmentCreated, SegmentUpdated, SegmentDeleted];

    /// <summary>True for a type a subscription may name: an event type, <c>flag.*</c>, <c>segment.*</c> or <c>*</c>.</summary>
    public static bool IsValidPattern(string? pattern) =>
        pattern is "*" or "flag.*" or "segment.*" || (pattern is not null && All.Contains(pattern));
}
