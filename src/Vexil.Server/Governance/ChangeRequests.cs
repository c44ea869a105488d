using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// Change requests: opened (by hand, or by the recorder when a policy holds a write), edited or withdrawn by their
/// author, approved, rejected and commented by reviewers the policies allow, rebased, and applied through the change
/// recorder in one transaction. Every step is audited and sent as a webhook in its own transaction.
/// </summary>
internal sealed partial class ChangeRequests(Database database, ChangeRecorder recorder, ChangePolicyStore policies, EnvironmentPermissionStore permissions)
{
    /// <summary>Opens a change request for <paramref name="changes"/>: checked and validated now (a dry run), its bases read.</summary>
    public async Task<WriteResult<ChangeRequestState>> OpenAsync(string project, IReadOnlyList<Change> changes, string? title, string? description, WriteContext context, CancellationToken cancellationToken)
    {
        var set = new ChangeSet(project, changes, context, ChangeOrigin.Api);
        var proposal = await recorder.ProposeAsync(set, cancellationToken);
        return proposal.Status != WriteStatus.Ok
            ? proposal.As<ChangeRequestState>()
            : await ChangeRequestStore.CreateAsync(database, set, proposal, title, description, cancellationToken);
    }

    /// <summary>The author changes the title, the description or the changes (new changes are proposed again: their approvals no longer count).</summary>
    public async Task<WriteResult<ChangeRequestState>> EditAsync(string project, long id, string? title, string? description, IReadOnlyList<Change>? changes, WriteContext context, CancellationToken cancellationToken)
    {
        Proposal? proposal = null;
        if (changes is not null)
        {
            var proposed = await ProposeAsync(project, changes, context, cancellationToken);
            if (proposed.Status != WriteStatus.Ok)
            {
                return proposed.As<ChangeRequestState>();
            }

            proposal = proposed.Value;
        }

        return await StepAsync(project, id, context, GovernanceEvents.RequestUpdated, async (s, _) =>
        {
            if (s.Author != context.Actor)
            {
                return Refuse(WriteStatus.Forbidden, $"Only its author ({s.Author}) may edit change request {id}.");
            }

            if (!ChangeRequestStatus.IsActive(s.Status))
            {
                return Refuse(WriteStatus.Conflict, $"Change request {id} is {s.Status}.");
            }

            var next = s with { Title = title ?? s.Title, Description = description ?? s.Description };
            return await Task.FromResult(Ok(proposal is null ? next : proposal.Into(next)));
        }, cancellationToken);
    }

    /// <summary>The author withdraws the request: it can no longer be reviewed or applied.</summary>
    public Task<WriteResult<ChangeRequestState>> WithdrawAsync(string project, long id, WriteContext context, CancellationToken cancellationToken) =>
        StepAsync(project, id, context, GovernanceEvents.RequestWithdrawn, (s, _) => Task.FromResult(
            s.Author != context.Actor ? Refuse(WriteStatus.Forbidden, $"Only its author ({s.Author}) may withdraw change request {id}.")
            : !ChangeRequestStatus.IsActive(s.Status) ? Refuse(WriteStatus.Conflict, $"Change request {id} is {s.Status}.")
            : Ok(s with { Status = ChangeRequestStatus.Withdrawn })), cancellationToken);

    /// <summary>Reads the request's changes again against what is current now: new bases and difference, approvals start over.</summary>
    public async Task<WriteResult<ChangeRequestState>> RebaseAsync(string project, long id, WriteContext context, CancellationToken cancellationToken)
    {
        var current = await new ChangeRequestStore(database).GetAsync(project, id, cancellationToken);
        if (current is null)
        {
            return WriteResult<ChangeRequestState>.Fail(WriteStatus.NotFound, $"No change request {id} in project '{project}'.");
        }

        var proposed = await ProposeAsync(project, current.Changes(), context, cancellationToken);
        if (proposed.Status != WriteStatus.Ok)
        {
            return proposed.As<ChangeRequestState>();
        }

        return await StepAsync(project, id, context, GovernanceEvents.RequestRebased, (s, _) => Task.FromResult(
            !ChangeRequestStatus.IsActive(s.Status) ? Refuse(WriteStatus.Conflict, $"Change request {id} is {s.Status}.")
            : s.Revision != current.Revision ? Refuse(WriteStatus.PreconditionFailed, $"Change request {id} changed while it was being rebased; rebase again.")
            : Ok(proposed.Value!.Into(s))), cancellationToken);
    }

    private async Task<WriteResult<Proposal>> ProposeAsync(string project, IReadOnlyList<Change> changes, WriteContext context, CancellationToken cancellationToken)
    {
        var result = await recorder.ProposeAsync(new ChangeSet(project, changes, context, ChangeOrigin.ChangeRequest), cancellationToken);
        return result.Status != WriteStatus.Ok
            ? result.As<Proposal>()
            : WriteResult<Proposal>.Ok(
                new Proposal(
                    ChangeRequestJson.WriteChanges(changes),
                    ChangeRequestJson.WriteBases(result.Value!.Bases),
                    ChangeRequestJson.WriteDiff(result.Value!.Records),
                    [.. result.Versions.Keys.Order(StringComparer.Ordinal)],
                    ChangeRequestJson.FlagsOf(changes)),
                result.Versions);
    }

    /// <summary>
    /// One step on a locked request: <paramref name="step"/> returns the next state (or a refusal); it is written,
    /// audited and sent as a webhook in the same transaction.
    /// </summary>
    private Task<WriteResult<ChangeRequestState>> StepAsync(
        string project,
        long id,
        WriteContext context,
        string action,
        Func<ChangeRequestState, SqlWriteScope, Task<WriteResult<ChangeRequestState>>> step,
        CancellationToken cancellationToken) =>
        database.WriteAsync(
            async scope =>
            {
                var before = await ChangeRequestStore.FindAsync(scope, id, cancellationToken);
                if (before is null || before.ProjectKey != project)
                {
                    return Refuse(WriteStatus.NotFound, $"No change request {id} in project '{project}'.");
                }

                var result = await step(before, scope);
                if (result.Status != WriteStatus.Ok)
                {
                    return result;
                }

                var next = result.Value!;
                await ChangeRequestStore.UpdateAsync(scope, next, cancellationToken);
                await GovernanceEvents.RequestAsync(scope, context, action, before, next, cancellationToken);
                return WriteResult<ChangeRequestState>.Ok(next, scope.Versions);
            },
            cancellationToken);

    private static WriteResult<ChangeRequestState> Refuse(WriteStatus status, string detail) => WriteResult<ChangeRequestState>.Fail(status, detail);

    private static WriteResult<ChangeRequestState> Ok(ChangeRequestState state) => WriteResult<ChangeRequestState>.Ok(state, new Dictionary<string, long>());

    /// <summary>A set proposed again (an edit of its changes, a rebase): what it stores, and a new revision (approvals of the old one no longer count).</summary>
    private sealed record Proposal(string Changes, string Bases, string Diff, IReadOnlyList<string> Environments, IReadOnlyList<string> Flags)
    {
        public ChangeRequestState Into(ChangeRequestState s) => s with
        {
            ChangesJson = Changes,
            BasesJson = Bases,
            DiffJson = Diff,
            Environments = Environments,
            Flags = Flags,
            Revision = s.Revision + 1,
            Status = ChangeRequestStatus.Open,
        };
    }
}
