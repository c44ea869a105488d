using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Core.Model;
using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Flags.Import;
using Vexil.Server.Governance;
using Vexil.Server.Projects;
using Vexil.Server.Segments;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// The control plane's stores over one database, wired as the server wires them, with a shorthand for each typed
/// change (every write goes through the one <see cref="ChangeRecorder"/>, as it does in the server).
/// </summary>
internal sealed class StoreHarness(Database database)
{
    public Database Database { get; } = database;

    public ProjectStore Projects { get; } = new(database);

    public EnvironmentStore Environments { get; } = new(database);

    public FlagStore Flags { get; } = new(database);

    public SegmentStore Segments { get; } = new(database);

    public ChangeLog ChangeLog { get; } = new(database);

    public AuditLog Audit { get; } = new(database);

    public AuthStore Auth { get; } = new(database);

    public WebhookStore Webhooks { get; } = new(database);

    public EnvironmentSnapshots Snapshots { get; } = new(database, NullLogger<EnvironmentSnapshots>.Instance);

    public ChangeRecorder Recorder => _recorder ??= new ChangeRecorder(Database, Snapshots, new Vexil.Server.Governance.ChangeRequestHold(Database));

    private ChangeRecorder? _recorder;

    public ChangePolicyStore Policies => new(Database);

    public ChangeRequestStore ChangeRequestStore => new(Database);

    public ChangeRequests ChangeRequests => new(Database, Recorder, Policies, new EnvironmentPermissionStore(Database));

    public ScheduleStore ScheduleStore => new(Database);

    public Schedules Schedules => new(Database, Recorder, ChangeRequests, ScheduleStore);

    public Task MigrateAsync(CancellationToken ct) => Database.MigrateAsync(ct);

    public Task<WriteResult<ChangeOutcome>> RecordAsync(string project, Change change, WriteContext context, CancellationToken ct) =>
        Recorder.RecordAsync(ChangeSet.Of(project, change, context), ct);

    public Task<WriteResult<ChangeOutcome>> CreateProjectAsync(string key, string name, WriteContext context, CancellationToken ct) =>
        RecordAsync(key, new CreateProject(name), context, ct);

    public Task<WriteResult<ChangeOutcome>> CreateFlagAsync(string project, FlagSpec spec, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new CreateFlag(spec), context, ct);

    public Task<WriteResult<ChangeOutcome>> UpdateFlagAsync(string project, FlagSpec spec, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new UpdateFlag(spec, precondition), context, ct);

    public Task<WriteResult<ChangeOutcome>> DeleteFlagAsync(string project, string flag, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new DeleteFlag(flag, precondition), context, ct);

    /// <summary>Replaces a flag's targeting with <paramref name="edit"/> of the current one.</summary>
    public async Task<WriteResult<ChangeOutcome>> ConfigureAsync(string project, string environment, string flag, Func<FlagTargeting, FlagTargeting> edit, Precondition precondition, WriteContext context, CancellationToken ct)
    {
        var current = await Flags.GetInEnvironmentAsync(project, environment, flag, ct);
        var targeting = edit(current?.Targeting ?? FlagTargeting.Off);
        return await RecordAsync(project, new ConfigureFlag(environment, flag, targeting, precondition), context, ct);
    }

    public Task<WriteResult<ChangeOutcome>> ToggleAsync(string project, string environment, string flag, bool enabled, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new ToggleFlag(environment, flag, enabled, precondition), context, ct);

    public Task<WriteResult<ChangeOutcome>> PromoteAsync(string project, string flag, string from, string to, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new PromoteFlag(flag, from, to, precondition), context, ct);

    public Task<WriteResult<ChangeOutcome>> CreateSegmentAsync(string project, string environment, SegmentDefinition segment, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new CreateSegment(environment, segment), context, ct);

    public Task<WriteResult<ChangeOutcome>> UpdateSegmentAsync(string project, string environment, SegmentDefinition segment, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new UpdateSegment(environment, segment, precondition), context, ct);

    public Task<WriteResult<ChangeOutcome>> DeleteSegmentAsync(string project, string environment, string segment, Precondition precondition, WriteContext context, CancellationToken ct) =>
        RecordAsync(project, new DeleteSegment(environment, segment, precondition), context, ct);

    public Task<WriteResult<ChangeOutcome>> ImportAsync(string project, string environment, IReadOnlyList<FlagDefinition> flags, bool dryRun, WriteContext context, CancellationToken ct) =>
        ImportAsync(project, environment, flags, [], dryRun, context, ct);

    public Task<WriteResult<ChangeOutcome>> ImportAsync(string project, string environment, IReadOnlyList<FlagDefinition> flags, IReadOnlyList<SegmentDefinition> segments, bool dryRun, WriteContext context, CancellationToken ct)
    {
        var set = ImportChanges.For(project, environment, flags, segments, context);
        return dryRun ? Recorder.DryRunAsync(set, ct) : Recorder.RecordAsync(set, ct);
    }

    public async Task<long> EnvironmentIdAsync(string project, string environment, CancellationToken ct) =>
        (await Environments.GetAsync(project, environment, ct))!.Id;
}
