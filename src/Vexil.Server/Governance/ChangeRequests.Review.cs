using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

internal sealed partial class ChangeRequests
{
    /// <summary>Approves the request's current revision; it becomes approved once the policies' approvals are reached.</summary>
    public async Task<WriteResult<ChangeRequestState>> ApproveAsync(string project, long id, Reviewer reviewer, string? body, CancellationToken cancellationToken) =>
        await StepAsync(project, id, reviewer.Context, GovernanceEvents.RequestApproved, async (s, scope) =>
        {
            var policy = await PolicyOfAsync(s, cancellationToken);
            if ((Refusal(s, reviewer, policy, approving: true) ?? await PermissionRefusalAsync(s, reviewer.Context.Role, review: true, cancellationToken)) is { } refusal)
            {
                return refusal;
            }

            var approvers = await ChangeRequestStore.ApproversAsync(scope, s.Id, s.Revision, cancellationToken);
            if (approvers.Contains(reviewer.Actor))
            {
                return Refuse(WriteStatus.Conflict, $"{reviewer.Actor} already approved revision {s.Revision} of change request {id}.");
            }

            await ChangeRequestStore.AddReviewAsync(scope, s.Id, reviewer.Actor, ChangeRequestReview.Approval, body, s.Revision, cancellationToken);
            return Ok(approvers.Count + 1 >= policy.RequiredApprovals ? s with { Status = ChangeRequestStatus.Approved } : s);
        }, cancellationToken);

    /// <summary>Rejects the request: it cannot be applied until its author edits it (or it is rebased).</summary>
    public async Task<WriteResult<ChangeRequestState>> RejectAsync(string project, long id, Reviewer reviewer, string? body, CancellationToken cancellationToken) =>
        await StepAsync(project, id, reviewer.Context, GovernanceEvents.RequestRejected, async (s, scope) =>
        {
            var policy = await PolicyOfAsync(s, cancellationToken);
            if ((Refusal(s, reviewer, policy, approving: false) ?? await PermissionRefusalAsync(s, reviewer.Context.Role, review: true, cancellationToken)) is { } refusal)
            {
                return refusal;
            }

            await ChangeRequestStore.AddReviewAsync(scope, s.Id, reviewer.Actor, ChangeRequestReview.Rejection, body, s.Revision, cancellationToken);
            return Ok(s with { Status = ChangeRequestStatus.Rejected });
        }, cancellationToken);

    /// <summary>Adds a comment (anyone who may edit); the request's state is unchanged.</summary>
    public Task<WriteResult<ChangeRequestState>> CommentAsync(string project, long id, WriteContext context, string body, CancellationToken cancellationToken) =>
        StepAsync(project, id, context with { Comment = body }, GovernanceEvents.RequestCommented, async (s, scope) =>
        {
            await ChangeRequestStore.AddReviewAsync(scope, s.Id, context.Actor, ChangeRequestReview.Comment, body, s.Revision, cancellationToken);
            return Ok(s);
        }, cancellationToken);

    /// <summary>
    /// Applies an approved request in one transaction through the recorder (its bases checked, validated, audited,
    /// sent). When an object moved since it was proposed, nothing is written and the conflicts name each object with its
    /// state then and now.
    /// </summary>
    public async Task<(WriteResult<ChangeRequestState> Result, IReadOnlyList<(ChangeBase Base, ChangeBase Now)> Conflicts)> ApplyAsync(string project, long id, WriteContext context, CancellationToken cancellationToken)
    {
        ChangeSet? applied = null;
        var result = await StepAsync(project, id, context, GovernanceEvents.RequestApplied, async (s, scope) =>
        {
            if (s.Status != ChangeRequestStatus.Approved)
            {
                return Refuse(WriteStatus.Conflict, $"Change request {id} is {s.Status}; only an approved change request can be applied.");
            }

            if (await PermissionRefusalAsync(s, context.Role, review: false, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            var policy = await PolicyOfAsync(s, cancellationToken);
            var approvers = await ChangeRequestStore.ApproversAsync(scope, s.Id, s.Revision, cancellationToken);
            if (approvers.Count < policy.RequiredApprovals)
            {
                return Refuse(WriteStatus.Conflict, $"Change request {id} has {approvers.Count} of the {policy.RequiredApprovals} approvals its environments' policies now require.");
            }

            applied = SetOf(s, context);
            var recorded = await recorder.RecordInAsync(scope, applied, cancellationToken);
            return recorded.Status != WriteStatus.Ok
                ? recorded.As<ChangeRequestState>()
                : Ok(s with { Status = ChangeRequestStatus.Applied, AppliedAt = Database.FromMs(scope.Now), AppliedBy = context.Actor });
        }, cancellationToken);

        if (result.Status != WriteStatus.PreconditionFailed || applied is null)
        {
            return (result, []);
        }

        var moved = await recorder.CompareBasesAsync(applied, cancellationToken);
        var conflicts = moved.Value ?? [];
        var detail = conflicts.Count == 0
            ? result.Detail
            : $"Changed since change request {id} was proposed: {string.Join(", ", conflicts.Select(c => c.Base.Describe()))}. Nothing was changed; rebase it (POST …/change-requests/{id}/rebase) to propose it against what is current.";
        return (WriteResult<ChangeRequestState>.Fail(WriteStatus.Conflict, detail), conflicts);
    }

    /// <summary>The change set an approved request records: its changes, against its bases, as a change request.</summary>
    public static ChangeSet SetOf(ChangeRequestState s, WriteContext context) =>
        new(s.ProjectKey, s.Changes(), context with { Comment = context.Comment ?? $"Change request {s.Id}: {s.Title}" }, ChangeOrigin.ChangeRequest, s.Bases());

    /// <summary>The strictest policy of the environments the request reaches (the default when none has one).</summary>
    public async Task<ChangePolicy> PolicyOfAsync(ChangeRequestState s, CancellationToken cancellationToken) =>
        ChangePolicy.Strictest(await policies.ForKeysAsync(s.ProjectId, s.Environments, cancellationToken));

    /// <summary>The policies of the environments with these keys.</summary>
    public Task<IReadOnlyList<ChangePolicy>> PoliciesOfAsync(long projectId, IReadOnlyList<string> environments, CancellationToken cancellationToken) =>
        policies.ForKeysAsync(projectId, environments, cancellationToken);

    /// <summary>
    /// Refuses a step by a role without enough permission in an environment the request reaches. Reviewing needs the
    /// most any role has there (write, unless the environment lets everyone only propose): an approval lets the change
    /// through, so an editor who only proposes in production does not approve another editor's proposal. Applying an
    /// approved request needs propose. Vexil itself (a schedule) has no role and is never refused here.
    /// </summary>
    private async Task<WriteResult<ChangeRequestState>?> PermissionRefusalAsync(ChangeRequestState s, Role? role, bool review, CancellationToken cancellationToken)
    {
        if (role is null)
        {
            return null;
        }

        var lacking = new List<string>();
        var needed = AccessLevel.Propose;
        foreach (var environment in s.Environments)
        {
            var here = await permissions.ForKeyAsync(s.ProjectId, environment, cancellationToken);
            var need = review ? here.Administrator : AccessLevel.Propose;
            if (here.LevelOf(role) < need)
            {
                lacking.Add($"'{environment}' ({EnvironmentPermissions.Name(here.LevelOf(role))})");
                needed = need > needed ? need : needed;
            }
        }

        var name = ChangePolicy.RoleName(role.Value);
        return lacking.Count == 0
            ? null
            : Refuse(WriteStatus.Forbidden, $"To {(review ? "review" : "apply")} change request {s.Id}, {name}s need {EnvironmentPermissions.Name(needed)} permission in every environment it reaches; {name}s have less in {string.Join(", ", lacking)}.");
    }

    private static WriteResult<ChangeRequestState>? Refusal(ChangeRequestState s, Reviewer reviewer, ChangePolicy policy, bool approving)
    {
        if (s.Status is not (ChangeRequestStatus.Open or ChangeRequestStatus.Approved))
        {
            return Refuse(WriteStatus.Conflict, $"Change request {s.Id} is {s.Status}.");
        }

        if (!policy.ApproverRoles.Contains(reviewer.Role))
        {
            return Refuse(WriteStatus.Forbidden, $"Change requests to {string.Join(", ", s.Environments)} are reviewed by {policy.RolesText}; {reviewer.Actor} is {ChangePolicy.RoleName(reviewer.Role)}.");
        }

        return approving && s.Author == reviewer.Actor && !policy.AllowSelfApproval
            ? Refuse(WriteStatus.Forbidden, $"Authors may not approve their own change requests to {string.Join(", ", s.Environments)}.")
            : null;
    }
}
