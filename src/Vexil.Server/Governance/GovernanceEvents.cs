using Vexil.Server.Audit;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Governance;

/// <summary>The audit actions and webhook types of governance (the same string for both), and the one way each step is recorded.</summary>
internal static class GovernanceEvents
{
    public const string PolicyUpdated = WebhookEventTypes.PolicyUpdated;
    public const string PolicyRemoved = WebhookEventTypes.PolicyRemoved;
    public const string PermissionsUpdated = WebhookEventTypes.PermissionsUpdated;
    public const string PermissionsRemoved = WebhookEventTypes.PermissionsRemoved;
    public const string RequestCreated = WebhookEventTypes.ChangeRequestCreated;
    public const string RequestUpdated = WebhookEventTypes.ChangeRequestUpdated;
    public const string RequestCommented = WebhookEventTypes.ChangeRequestCommented;
    public const string RequestApproved = WebhookEventTypes.ChangeRequestApproved;
    public const string RequestRejected = WebhookEventTypes.ChangeRequestRejected;
    public const string RequestWithdrawn = WebhookEventTypes.ChangeRequestWithdrawn;
    public const string RequestRebased = WebhookEventTypes.ChangeRequestRebased;
    public const string RequestApplied = WebhookEventTypes.ChangeRequestApplied;
    public const string ScheduleCreated = WebhookEventTypes.ScheduleCreated;
    public const string ScheduleUpdated = WebhookEventTypes.ScheduleUpdated;
    public const string ScheduleCancelled = WebhookEventTypes.ScheduleCancelled;
    public const string ScheduleApplied = WebhookEventTypes.ScheduleApplied;
    public const string ScheduleSkipped = WebhookEventTypes.ScheduleSkipped;
    public const string ScheduleFailed = WebhookEventTypes.ScheduleFailed;

    /// <summary>Audits one step of a change request and writes its webhook event, in the step's transaction.</summary>
    public static async Task RequestAsync(SqlWriteScope scope, WriteContext context, string action, ChangeRequestState? before, ChangeRequestState after, CancellationToken cancellationToken)
    {
        var record = AuditRecord.Of(action, after.ProjectKey, null, $"projects/{after.ProjectKey}/change-requests/{after.Id}", before is null ? null : ChangeRequestSummary.From(before), ChangeRequestSummary.From(after));
        await AuditLog.AppendAsync(scope, context, record, cancellationToken);
        await WebhookOutbox.AppendAsync(scope, context, new WebhookEvent(action, action, after.ProjectKey, null, null, "changeRequest", after.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Before, record.After), cancellationToken);
    }

    /// <summary>Audits one step of a schedule and writes its webhook event, in the step's transaction.</summary>
    public static async Task ScheduleAsync(SqlWriteScope scope, WriteContext context, string action, ScheduledChangeState? before, ScheduledChangeState after, CancellationToken cancellationToken)
    {
        var record = AuditRecord.Of(action, after.ProjectKey, null, $"projects/{after.ProjectKey}/schedules/{after.Id}", before is null ? null : ScheduleSummary.From(before), ScheduleSummary.From(after));
        await AuditLog.AppendAsync(scope, context, record, cancellationToken);
        await WebhookOutbox.AppendAsync(scope, context, new WebhookEvent(action, action, after.ProjectKey, null, null, "schedule", after.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Before, record.After), cancellationToken);
    }
}
