using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

internal sealed partial class Schedules
{
    private const int Batch = 50;

    /// <summary>The refusal of a claim that matched nothing: another replica claimed the row, or it was edited or cancelled.</summary>
    private const string ClaimLost = "claim lost";

    /// <summary>Runs every schedule due now; returns how many this replica applied or skipped.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var due in await store.DueAsync(database.Now(), Batch, cancellationToken))
        {
            if (await RunAsync(due, cancellationToken) is ScheduleStatus.Applied or ScheduleStatus.Skipped)
            {
                done++;
            }
        }

        return done;
    }

    /// <summary>
    /// Runs one due schedule. The claim (the row from pending to applied, at the revision read) and the change set are
    /// one transaction: if the set fails, or the process dies, the claim is undone with it; if another replica claimed
    /// first, nothing happens here. A schedule run more than <see cref="LateAfter"/> after its time was missed: applied
    /// and marked late, or skipped, as its author chose. Returns the status it left, or null when another replica had it.
    /// </summary>
    public async Task<string?> RunAsync(ScheduledChangeState due, CancellationToken cancellationToken)
    {
        var late = database.Time.GetUtcNow() - due.RunAt > LateAfter;
        var context = new WriteContext(due.Author, null, $"Schedule {due.Id}: {due.Title}{(late ? " (late)" : string.Empty)}");
        var result = await database.WriteAsync(
            async scope =>
            {
                var skip = late && due.Missed == ScheduleStatus.MissedSkip;
                var next = due with
                {
                    Status = skip ? ScheduleStatus.Skipped : ScheduleStatus.Applied,
                    Late = late,
                    DoneAt = Database.FromMs(scope.Now),
                    Detail = skip ? $"Missed: due at {due.RunAt:u}, every replica was down; skipped as chosen." : late ? $"Applied late: due at {due.RunAt:u}." : null,
                };
                if (!await ScheduleStore.UpdateIfPendingAsync(scope, due.Revision, next, cancellationToken))
                {
                    return WriteResult<string>.Fail(WriteStatus.Conflict, ClaimLost);
                }

                if (!skip && await ApplyInAsync(scope, due, context, cancellationToken) is { } failed)
                {
                    return failed;
                }

                var after = (await ScheduleStore.FindAsync(scope, due.Id, cancellationToken))!;
                await GovernanceEvents.ScheduleAsync(scope, context, skip ? GovernanceEvents.ScheduleSkipped : GovernanceEvents.ScheduleApplied, due, after, cancellationToken);
                return WriteResult<string>.Ok(next.Status, scope.Versions);
            },
            cancellationToken,
            "ScheduledChange");

        if (result.Status == WriteStatus.Ok)
        {
            return result.Value;
        }

        if (result.Status == WriteStatus.Conflict && result.Detail == ClaimLost)
        {
            return null; // another replica claimed it, or it was edited or cancelled meanwhile
        }

        return await FailAsync(due, context, result, cancellationToken) ? ScheduleStatus.Failed : null;
    }

    /// <summary>Records the schedule's change set (or its approved change request) in the claiming transaction; a refusal, or null.</summary>
    private async Task<WriteResult<string>?> ApplyInAsync(SqlWriteScope scope, ScheduledChangeState due, WriteContext context, CancellationToken cancellationToken)
    {
        if (due.ChangeRequestId is not { } id)
        {
            var recorded = await recorder.RecordInAsync(scope, new ChangeSet(due.ProjectKey, due.Changes(), context, ChangeOrigin.Schedule), cancellationToken);
            return recorded.Status == WriteStatus.Ok ? null : recorded.As<string>();
        }

        var request = await ChangeRequestStore.FindAsync(scope, id, cancellationToken);
        if (request is null || request.Status != ChangeRequestStatus.Approved)
        {
            return WriteResult<string>.Fail(WriteStatus.Conflict, $"Change request {id} is {request?.Status ?? "gone"}; only an approved change request is applied.");
        }

        var approvers = await ChangeRequestStore.ApproversAsync(scope, id, request.Revision, cancellationToken);
        var policy = await requests.PolicyOfAsync(request, cancellationToken);
        if (approvers.Count < policy.RequiredApprovals)
        {
            return WriteResult<string>.Fail(WriteStatus.Conflict, $"Change request {id} has {approvers.Count} of the {policy.RequiredApprovals} approvals its environments' policies now require.");
        }

        var result = await recorder.RecordInAsync(scope, ChangeRequests.SetOf(request, context), cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return result.As<string>();
        }

        var applied = request with { Status = ChangeRequestStatus.Applied, AppliedAt = Database.FromMs(scope.Now), AppliedBy = context.Actor };
        await ChangeRequestStore.UpdateAsync(scope, applied, cancellationToken);
        await GovernanceEvents.RequestAsync(scope, context, GovernanceEvents.RequestApplied, request, applied, cancellationToken);
        return null;
    }

    /// <summary>Marks the schedule failed with the refusal's reason (if it is still pending), audited and sent.</summary>
    private async Task<bool> FailAsync(ScheduledChangeState due, WriteContext context, WriteResult<string> refusal, CancellationToken cancellationToken)
    {
        var detail = refusal.Errors.Count > 0
            ? "Invalid: " + string.Join("; ", refusal.Errors.Select(e => $"{e.Path} {e.Message}"))
            : refusal.Detail ?? refusal.Status.ToString();
        var result = await database.WriteAsync(
            async scope =>
            {
                var next = due with { Status = ScheduleStatus.Failed, Detail = detail, DoneAt = Database.FromMs(scope.Now) };
                if (!await ScheduleStore.UpdateIfPendingAsync(scope, due.Revision, next, cancellationToken))
                {
                    return WriteResult<bool>.Fail(WriteStatus.Conflict);
                }

                var after = (await ScheduleStore.FindAsync(scope, due.Id, cancellationToken))!;
                await GovernanceEvents.ScheduleAsync(scope, context, GovernanceEvents.ScheduleFailed, due, after, cancellationToken);
                return WriteResult<bool>.Ok(true, scope.Versions);
            },
            cancellationToken,
            "ScheduledChangeFailed");
        return result.Status == WriteStatus.Ok;
    }
}
