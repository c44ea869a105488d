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
    public const string PolicyUpdated = "policy.updated";
    public const string PolicyRemoved = "policy.removed";
    public const string PermissionsUpdated = "permissions.updated";
    public const string PermissionsRemoved = "permissions.removed";
    public const string ChangeRequestCreated = "changeRequest.created";
    public const string ChangeRequestUpdated = "changeRequest.updated";
    public const string ChangeRequestCommented = "changeRequest.commented";
    public const string ChangeRequestApproved = "changeRequest.approved";
    public const string ChangeRequestRejected = "changeRequest.rejected";
    public const string ChangeRequestWithdrawn = "changeRequest.withdrawn";
    public const string ChangeRequestRebased = "changeRequest.rebased";
    public const string ChangeRequestApplied = "changeRequest.applied";
    public const string ScheduleCreated = "schedule.created";
    public const string ScheduleUpdated = "schedule.updated";
    public const string ScheduleCancelled = "schedule.cancelled";
    public const string ScheduleApplied = "schedule.applied";
    public const string ScheduleSkipped = "schedule.skipped";
    public const string ScheduleFailed = "schedule.failed";

    /// <summary>Every event type, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All =
        [
            FlagCreated, FlagUpdated, FlagToggled, FlagDeleted, FlagArchived, FlagRestored, SegmentCreated, SegmentUpdated, SegmentDeleted,
            PolicyUpdated, PolicyRemoved, PermissionsUpdated, PermissionsRemoved,
            ChangeRequestCreated, ChangeRequestUpdated, ChangeRequestCommented, ChangeRequestApproved, ChangeRequestRejected, ChangeRequestWithdrawn, ChangeRequestRebased, ChangeRequestApplied,
            ScheduleCreated, ScheduleUpdated, ScheduleCancelled, ScheduleApplied, ScheduleSkipped, ScheduleFailed,
        ];

    /// <summary>True for a type a subscription may name: an event type, <c>flag.*</c>, <c>segment.*</c>, <c>policy.*</c>, <c>permissions.*</c>, <c>changeRequest.*</c>, <c>schedule.*</c> or <c>*</c>.</summary>
    public static bool IsValidPattern(string? pattern) =>
        pattern is "*" or "flag.*" or "segment.*" or "policy.*" or "permissions.*" or "changeRequest.*" or "schedule.*" || (pattern is not null && All.Contains(pattern));
}
