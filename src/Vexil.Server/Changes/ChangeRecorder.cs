using System.Globalization;
using Vexil.Core.Serialization;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// The one writer of flags, segments, environments and projects. A change set is recorded in one transaction: the
/// base versions checked, the rows written, each touched environment's next version assigned and its candidate
/// snapshot validated incrementally (only what changed and what depends on it), the change log appended, an audit
/// record with a structured difference and the webhook events written — all or nothing. The new snapshots are
/// installed once the transaction has committed. A dry run does all of it and rolls back.
/// </summary>
internal sealed partial class ChangeRecorder(Database database, EnvironmentSnapshots snapshots, IChangeHold? hold = null)
{
    /// <summary>
    /// Records the set; when an environment it changes has a change policy (and the set is not an approved change
    /// request), nothing is written and the set becomes a change request (<see cref="WriteStatus.Held"/>).
    /// </summary>
    public async Task<WriteResult<ChangeOutcome>> RecordAsync(ChangeSet set, CancellationToken cancellationToken)
    {
        using var activity = ChangeTelemetry.StartRecord(OperationName(set));
        var result = await database.WriteAsync(scope => RunAsync(scope, set, RunMode.Record, cancellationToken), cancellationToken, OperationName(set));
        activity?.SetTag("vexil.write.status", result.Status.ToString());
        if (result.Status == WriteStatus.Held && set.Changes.Any(c => c is SettingChange))
        {
            // A change request holds flags and segments; settings are an administrator's act, never proposed.
            return WriteResult<ChangeOutcome>.Fail(WriteStatus.Conflict, "Its flags or segments reach environments where they need review, and it also changes settings (webhooks, change policy, permissions or client-key origins), which are never held for review: nothing was changed. Apply the settings and the reviewed flags and segments separately.");
        }

        return result.Status == WriteStatus.Held ? await HoldAsync(set, result.Detail!, cancellationToken) : result;
    }

    /// <summary>Everything <see cref="RecordAsync"/> would do — the same checks and validation — then rolled back.</summary>
    public Task<WriteResult<ChangeOutcome>> DryRunAsync(ChangeSet set, CancellationToken cancellationToken) =>
        database.DryRunAsync(scope => RunAsync(scope, set, RunMode.DryRun, cancellationToken), cancellationToken);

    /// <summary>
    /// A proposal (a change request, a schedule): a dry run that also reads the state of every object the set names
    /// before it writes anything (<see cref="ChangeOutcome.Bases"/>), to be recorded later against those bases.
    /// </summary>
    public Task<WriteResult<ChangeOutcome>> ProposeAsync(ChangeSet set, CancellationToken cancellationToken) =>
        database.DryRunAsync(scope => RunAsync(scope, set, RunMode.Propose, cancellationToken), cancellationToken);

    /// <summary>
    /// Records the set inside a transaction the caller owns (a scheduler that claimed its row in it): the same checks,
    /// validation, audit and events; the caller commits or rolls back, and the snapshots are installed on commit. A set
    /// held by a change policy is refused (<see cref="WriteStatus.Held"/>), never turned into a change request.
    /// </summary>
    public async Task<WriteResult<ChangeOutcome>> RecordInAsync(SqlWriteScope scope, ChangeSet set, CancellationToken cancellationToken)
    {
        using var activity = ChangeTelemetry.StartRecord(OperationName(set));
        return await RunAsync(scope, set, RunMode.Record, cancellationToken);
    }

    /// <summary>The objects of <paramref name="set"/> that are no longer at its bases, each with its state now (nothing is written).</summary>
    public async Task<WriteResult<IReadOnlyList<(ChangeBase Base, ChangeBase Now)>>> CompareBasesAsync(ChangeSet set, CancellationToken cancellationToken) =>
        await database.DryRunAsync<IReadOnlyList<(ChangeBase, ChangeBase)>>(
            async scope =>
            {
                var work = new ChangeWork(scope, set, snapshots, cancellationToken);
                try
                {
                    await work.OpenAsync();
                }
                catch (ChangeRefusedException e)
                {
                    return WriteResult<IReadOnlyList<(ChangeBase, ChangeBase)>>.Fail(e.Status, e.Message);
                }

                return WriteResult<IReadOnlyList<(ChangeBase, ChangeBase)>>.Ok(await ChangeBases.MovedAsync(work, set.Bases ?? []), scope.Versions);
            },
            cancellationToken);

    private async Task<WriteResult<ChangeOutcome>> RunAsync(SqlWriteScope scope, ChangeSet set, RunMode mode, CancellationToken cancellationToken)
    {
        var work = new ChangeWork(scope, set, snapshots, cancellationToken);
        IReadOnlyList<ChangeBase> bases = [];
        try
        {
            await work.OpenAsync();
            if (mode == RunMode.Propose)
            {
                bases = await ChangeBases.ReadAsync(work);
            }

            if (set.Bases is { Count: > 0 } expected)
            {
                var moved = await ChangeBases.MovedAsync(work, expected);
                if (moved.Count > 0)
                {
                    return WriteResult<ChangeOutcome>.Fail(WriteStatus.PreconditionFailed, $"Changed since this change was proposed: {string.Join(", ", moved.Select(m => m.Expected.Describe()))}. Nothing was changed.");
                }
            }

            foreach (var change in set.Changes)
            {
                if (change is not SettingChange)
                {
                    work.Results.Add(await ApplyAsync(work, change));
                }
            }
        }
        catch (ChangeRefusedException e) when (e.Status == WriteStatus.Invalid)
        {
            return WriteResult<ChangeOutcome>.Invalid([new ValidationError(e.Path, e.Message)]);
        }
        catch (ChangeRefusedException e)
        {
            return WriteResult<ChangeOutcome>.Fail(e.Status, e.Message);
        }

        var errors = new List<ValidationError>();
        foreach (var environment in work.Touched)
        {
            errors.AddRange(await ValidateAsync(scope, environment, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return WriteResult<ChangeOutcome>.Invalid([.. errors.Distinct()]);
        }

        // An approved change request was proposed by someone allowed to propose it and approved by someone allowed to
        // write it: what decides now is its approvals (checked by Governance before it asks), not who applies it.
        if (set.Origin != ChangeOrigin.ChangeRequest && await RefusedAsync(work) is { } refused)
        {
            return WriteResult<ChangeOutcome>.Fail(WriteStatus.Forbidden, refused);
        }

        if (mode == RunMode.Record && set.Origin != ChangeOrigin.ChangeRequest && await HeldByAsync(work) is { } held)
        {
            return WriteResult<ChangeOutcome>.Fail(WriteStatus.Held, held);
        }

        // Settings come last, so that the set's flags and segments are judged by the permissions and change policy the
        // environment had before it: a setting governs the writes after it.
        try
        {
            foreach (var change in set.Changes)
            {
                if (change is SettingChange setting)
                {
                    work.Results.Add(await ApplyAsync(work, setting));
                }
            }
        }
        catch (ChangeRefusedException e) when (e.Status == WriteStatus.Invalid)
        {
            return WriteResult<ChangeOutcome>.Invalid([new ValidationError(e.Path, e.Message)]);
        }
        catch (ChangeRefusedException e)
        {
            return WriteResult<ChangeOutcome>.Fail(e.Status, e.Message);
        }

        return WriteResult<ChangeOutcome>.Ok(new ChangeOutcome(work.Results, work.Records, bases), scope.Versions);
    }

    private enum RunMode
    {
        Record,
        DryRun,
        Propose,
    }

    private static Task<ChangeResult> ApplyAsync(ChangeWork work, Change change) => change switch
    {
        CreateProject c => CreateProjectAsync(work, c),
        RenameProject c => RenameProjectAsync(work, c),
        ArchiveProject c => ArchiveProjectAsync(work, c),
        ReorderProjects c => ReorderProjectsAsync(work, c),
        CreateEnvironment c => CreateEnvironmentAsync(work, c),
        RenameEnvironment c => RenameEnvironmentAsync(work, c),
        ArchiveEnvironment c => ArchiveEnvironmentAsync(work, c),
        ReorderEnvironments c => ReorderEnvironmentsAsync(work, c),
        CreateFlag c => CreateFlagAsync(work, c),
        UpdateFlag c => UpdateFlagAsync(work, c),
        DeleteFlag c => DeleteFlagAsync(work, c),
        ArchiveFlag c => ArchiveFlagAsync(work, c),
        ConfigureFlag c => ConfigureFlagAsync(work, c),
        ToggleFlag c => ToggleFlagAsync(work, c),
        PromoteFlag c => PromoteFlagAsync(work, c),
        RollbackFlag c => RollbackFlagAsync(work, c),
        PutFlag c => PutFlagAsync(work, c),
        CreateSegment c => CreateSegmentAsync(work, c),
        UpdateSegment c => UpdateSegmentAsync(work, c),
        DeleteSegment c => DeleteSegmentAsync(work, c),
        PutSegment c => PutSegmentAsync(work, c),
        SettingChange c => c.RecordAsync(work, work.Environment(c.Environment)),
        _ => throw new NotSupportedException($"No recorder for {change.GetType().Name}."),
    };

    /// <summary>
    /// Validates the environment's next snapshot against its current one (incrementally), appends the change log, and
    /// installs the snapshot when the transaction commits. Errors carry the path of the change that caused them.
    /// </summary>
    private async Task<IReadOnlyList<ValidationError>> ValidateAsync(SqlWriteScope scope, EnvironmentWork work, CancellationToken cancellationToken)
    {
        var change = work.ToRulesetChange();
        if (change.UpsertFlags.Count + change.DeleteFlags.Count + change.UpsertSegments.Count + change.DeleteSegments.Count == 0)
        {
            // A version without a change-log entry would look like a gap to every reader resuming by version.
            throw new InvalidOperationException($"Environment '{work.Environment.Key}' got version {work.Version} without a change.");
        }

        var (next, errors) = SnapshotCompiler.Apply(work.Current, change);
        if (next is null)
        {
            return [.. errors.Select(e => MapError(e, work))];
        }

        await ChangeLogWriter.AppendAsync(scope, work.Environment.Id, change, cancellationToken);
        scope.OnCommit(() => snapshots.Install(next));
        return [];
    }

    /// <summary><c>flags.upsert[2].rules[0]</c> becomes the path of the change that wrote that flag plus <c>rules[0]</c>.</summary>
    private static ValidationError MapError(ValidationError error, EnvironmentWork work)
    {
        var path = error.Path;
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var open = path.IndexOf('[', StringComparison.Ordinal);
        var close = path.IndexOf(']', StringComparison.Ordinal);
        if (dot > 0 && open > dot && close > open
            && int.TryParse(path.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && work.SourceOf(path[..dot], path[(dot + 1)..open], index) is { } source)
        {
            var rest = path[(close + 1)..].TrimStart('.');
            var mapped = source.Path.Length == 0 ? rest : rest.Length == 0 ? source.Path : rest[0] == '[' ? source.Path + rest : $"{source.Path}.{rest}";
            // A change to every environment (a spec, an archive, a deletion) says in which one the error is.
            return IsEnvironmentScoped(source) ? error with { Path = mapped } : error with { Path = mapped, Message = $"{error.Message} (in environment '{work.Environment.Key}')" };
        }

        return error with { Message = $"{error.Message} (in environment '{work.Environment.Key}')" };
    }

    private static bool IsEnvironmentScoped(Change change) =>
        change is ConfigureFlag or ToggleFlag or PromoteFlag or RollbackFlag or CreateSegment or UpdateSegment or DeleteSegment or PutSegment
            || (change is PutFlag put && put.Targeting.Count == 1);

    private static string OperationName(ChangeSet set) => set.Changes.Count == 1 ? set.Changes[0].GetType().Name : "ChangeSet";
}
