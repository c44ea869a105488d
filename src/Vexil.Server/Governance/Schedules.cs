using Vexil.Server.Changes;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// Scheduled changes: created, edited and cancelled while pending; applied when due by whichever replica claims the
/// row first (<see cref="RunAsync"/>), exactly once; missed ones applied late or skipped as their author chose.
/// </summary>
internal sealed partial class Schedules(Database database, ChangeRecorder recorder, ChangeRequests requests, ScheduleStore store)
{
    /// <summary>A schedule whose time passed by more than this when it is run was missed (every replica was down).</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(1);

    /// <summary>Schedules a change set, or an approved change request (<paramref name="changeRequest"/>), at <paramref name="runAt"/>.</summary>
    public async Task<WriteResult<ScheduledChangeState>> CreateAsync(string project, IReadOnlyList<Change>? changes, long? changeRequest, string? title, DateTimeOffset runAt, string missed, WriteContext context, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(project, changes, changeRequest, context, cancellationToken);
        if (target.Status != WriteStatus.Ok)
        {
            return target.As<ScheduledChangeState>();
        }

        var (changesJson, environments, flags, requestTitle) = target.Value!;
        return await database.WriteAsync(
            async scope =>
            {
                if (await ProjectStore.FindAsync(scope, project, cancellationToken) is not { } p)
                {
                    return WriteResult<ScheduledChangeState>.Fail(WriteStatus.NotFound, $"No project '{project}'.");
                }

                var draft = new ScheduledChangeState(0, p.Id, p.Key, changeRequest, title ?? requestTitle, context.Actor, changesJson, runAt, missed, ScheduleStatus.Pending, false, environments, flags, null, 1, default, default, null);
                var id = await ScheduleStore.InsertAsync(scope, draft, cancellationToken);
                var state = (await ScheduleStore.FindAsync(scope, id, cancellationToken))!;
                await GovernanceEvents.ScheduleAsync(scope, context, GovernanceEvents.ScheduleCreated, null, state, cancellationToken);
                return WriteResult<ScheduledChangeState>.Ok(state, scope.Versions);
            },
            cancellationToken);
    }

    /// <summary>Changes a pending schedule's time, missed-run choice, title or changes.</summary>
    public async Task<WriteResult<ScheduledChangeState>> EditAsync(string project, long id, string? title, DateTimeOffset? runAt, string? missed, IReadOnlyList<Change>? changes, WriteContext context, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(project, id, cancellationToken);
        if (current is null)
        {
            return WriteResult<ScheduledChangeState>.Fail(WriteStatus.NotFound, $"No schedule {id} in project '{project}'.");
        }

        var next = current with { Title = title ?? current.Title, RunAt = runAt ?? current.RunAt, Missed = missed ?? current.Missed };
        if (changes is not null)
        {
            if (current.ChangeRequestId is not null)
            {
                return WriteResult<ScheduledChangeState>.Fail(WriteStatus.Conflict, $"Schedule {id} applies change request {current.ChangeRequestId}; edit the change request instead.");
            }

            var target = await TargetAsync(project, changes, null, context, cancellationToken);
            if (target.Status != WriteStatus.Ok)
            {
                return target.As<ScheduledChangeState>();
            }

            next = next with { ChangesJson = target.Value!.Changes, Environments = target.Value.Environments, Flags = target.Value.Flags };
        }

        return await StepAsync(current, next, GovernanceEvents.ScheduleUpdated, context, cancellationToken);
    }

    /// <summary>Cancels a pending schedule.</summary>
    public async Task<WriteResult<ScheduledChangeState>> CancelAsync(string project, long id, WriteContext context, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(project, id, cancellationToken);
        return current is null
            ? WriteResult<ScheduledChangeState>.Fail(WriteStatus.NotFound, $"No schedule {id} in project '{project}'.")
            : await StepAsync(current, current with { Status = ScheduleStatus.Cancelled, DoneAt = database.Time.GetUtcNow() }, GovernanceEvents.ScheduleCancelled, context, cancellationToken);
    }

    private Task<WriteResult<ScheduledChangeState>> StepAsync(ScheduledChangeState current, ScheduledChangeState next, string action, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async scope =>
            {
                if (!await ScheduleStore.UpdateIfPendingAsync(scope, current.Revision, next, cancellationToken))
                {
                    var now = await ScheduleStore.FindAsync(scope, current.Id, cancellationToken);
                    return WriteResult<ScheduledChangeState>.Fail(
                        now?.Status == ScheduleStatus.Pending ? WriteStatus.PreconditionFailed : WriteStatus.Conflict,
                        now?.Status == ScheduleStatus.Pending ? $"Schedule {current.Id} changed meanwhile; read it again." : $"Schedule {current.Id} is {now?.Status}; only a pending schedule can be changed.");
                }

                var after = (await ScheduleStore.FindAsync(scope, current.Id, cancellationToken))!;
                await GovernanceEvents.ScheduleAsync(scope, context, action, current, after, cancellationToken);
                return WriteResult<ScheduledChangeState>.Ok(after, scope.Versions);
            },
            cancellationToken);

    /// <summary>
    /// What a schedule will apply, checked now: a change set is validated (a dry run) and refused when an environment it
    /// reaches has a change policy or lets the author only propose (schedule an approved change request instead; one
    /// where the author may only read is refused by the dry run); a change request must be approved.
    /// </summary>
    private async Task<WriteResult<Target>> TargetAsync(string project, IReadOnlyList<Change>? changes, long? changeRequest, WriteContext context, CancellationToken cancellationToken)
    {
        if (changeRequest is { } id)
        {
            var request = await new ChangeRequestStore(database).GetAsync(project, id, cancellationToken);
            if (request is null)
            {
                return WriteResult<Target>.Fail(WriteStatus.NotFound, $"No change request {id} in project '{project}'.");
            }

            return request.Status != ChangeRequestStatus.Approved
                ? WriteResult<Target>.Fail(WriteStatus.Conflict, $"Change request {id} is {request.Status}; only an approved change request can be scheduled.")
                : WriteResult<Target>.Ok(new Target(null, request.Environments, request.Flags, request.Title), new Dictionary<string, long>());
        }

        var set = new ChangeSet(project, changes!, context, ChangeOrigin.Schedule);
        var proposal = await recorder.ProposeAsync(set, cancellationToken);
        if (proposal.Status != WriteStatus.Ok)
        {
            return proposal.As<Target>();
        }

        var environments = proposal.Versions.Keys.Order(StringComparer.Ordinal).ToArray();
        var p = await new ProjectStore(database).GetAsync(project, cancellationToken);
        var held = new List<string>();
        var proposeOnly = new List<string>();
        var permissions = new EnvironmentPermissionStore(database);
        foreach (var environment in environments)
        {
            if ((await permissions.ForKeyAsync(p!.Id, environment, cancellationToken)).LevelOf(context.Role) == AccessLevel.Propose)
            {
                proposeOnly.Add($"'{environment}'");
            }
            else if ((await requests.PoliciesOfAsync(p.Id, [environment], cancellationToken)).Count > 0)
            {
                held.Add($"'{environment}'");
            }
        }

        return proposeOnly.Count > 0
            ? WriteResult<Target>.Fail(WriteStatus.Held, $"{ChangePolicy.RoleName(context.Role!.Value)}s only propose changes to {string.Join(", ", proposeOnly)}: open a change request, and schedule it once approved.")
            : held.Count > 0
            ? WriteResult<Target>.Fail(WriteStatus.Held, $"{string.Join(", ", held)} {(held.Count == 1 ? "has a change policy" : "have change policies")}: open a change request, and schedule it once approved.")
            : WriteResult<Target>.Ok(new Target(ChangeRequestJson.WriteChanges(changes!), environments, ChangeRequestJson.FlagsOf(changes!), ChangeRequestJson.TitleOf(changes!)), proposal.Versions);
    }

    private sealed record Target(string? Changes, IReadOnlyList<string> Environments, IReadOnlyList<string> Flags, string Title);
}
