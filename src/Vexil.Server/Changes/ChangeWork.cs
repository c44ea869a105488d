using Vexil.Server.Audit;
using Vexil.Server.Environments;
using Vexil.Server.Projects;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Changes;

/// <summary>
/// One change set being recorded: its transaction, its project, the environments it locked, and what it did to each.
/// Invariant: an environment is <see cref="TouchAsync">touched</see> (its version bumped, its current snapshot taken)
/// before the change set writes anything that environment serves.
/// </summary>
internal sealed class ChangeWork(SqlWriteScope scope, ChangeSet set, EnvironmentSnapshots snapshots, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, EnvironmentState> _environments = new(StringComparer.Ordinal);
    private readonly Dictionary<long, EnvironmentWork> _touched = [];
    private readonly List<EnvironmentWork> _order = [];
    private bool _allLocked;

    public SqlWriteScope Scope => scope;

    public ChangeSet Set => set;

    public CancellationToken CancellationToken => cancellationToken;

    public ProjectState Project { get; private set; } = null!;

    /// <summary>Every project, in order, all of them locked (only for a <see cref="ReorderProjects"/> set).</summary>
    public IReadOnlyList<ProjectState> AllProjects { get; private set; } = [];

    public List<ChangeResult> Results { get; } = [];

    public IReadOnlyList<EnvironmentWork> Touched => _order;

    /// <summary>Every environment of the project, in id order (all of them locked).</summary>
    public IEnumerable<EnvironmentState> AllEnvironments => _allLocked ? _environments.Values.OrderBy(e => e.Id) : throw new InvalidOperationException("Not every environment is locked.");

    /// <summary>Reads the project and locks, in id order, every environment the change set writes (all of them when it writes a flag's spec).</summary>
    public async Task OpenAsync()
    {
        if (set.Changes is [CreateProject, ..])
        {
            if (await ProjectStore.FindAsync(scope, set.Project, cancellationToken) is not null)
            {
                throw new ChangeRefusedException(WriteStatus.Conflict, $"A project '{set.Project}' already exists.");
            }

            return;
        }

        if (set.Changes.Any(c => c is ReorderProjects))
        {
            if (set.Changes.Count != 1 || set.Project != ChangeSet.AllProjects)
            {
                throw new InvalidOperationException("A project reorder is a change set of its own (ChangeSet.ForAllProjects).");
            }

            AllProjects = await ProjectStore.LockAllAsync(scope, cancellationToken);
            return;
        }

        Project = await ProjectStore.FindAsync(scope, set.Project, cancellationToken)
            ?? throw new ChangeRefusedException(WriteStatus.NotFound, Api.NotFoundProblems.ProjectText(set.Project));
        if (Project.Archived && set.Changes.FirstOrDefault(c => c is not (ArchiveProject or RenameProject)) is { } refused)
        {
            throw new ChangeRefusedException(WriteStatus.Conflict, $"Project '{Project.Key}' is archived: restore it before changing it.", refused.Path);
        }

        var all = set.Changes.Any(c => c is CreateFlag or UpdateFlag or DeleteFlag or ArchiveFlag or PutFlag or ReorderEnvironments or ArchiveEnvironment);
        var named = set.Changes.SelectMany(EnvironmentsOf).Distinct(StringComparer.Ordinal).ToList();
        var locked = all ? await EnvironmentStore.LockAllAsync(scope, Project.Id, cancellationToken) : await EnvironmentStore.LockAsync(scope, Project.Id, named, cancellationToken);
        foreach (var environment in locked)
        {
            _environments[environment.Key] = environment;
        }

        _allLocked = all;
        foreach (var change in set.Changes)
        {
            if (change is not (ArchiveEnvironment or RenameEnvironment) && EnvironmentsOf(change).FirstOrDefault(k => _environments.GetValueOrDefault(k)?.Archived == true) is { } archived)
            {
                throw new ChangeRefusedException(WriteStatus.Conflict, $"Environment '{archived}' of project '{Project.Key}' is archived: restore it before changing it.", change.Path);
            }
        }
    }

    /// <summary>Records the project a <see cref="CreateProject"/> made; its environments are new, so all of them are held.</summary>
    public void Opened(ProjectState project, IEnumerable<EnvironmentState> environments)
    {
        Project = project;
        foreach (var environment in environments)
        {
            _environments[environment.Key] = environment;
        }

        _allLocked = true;
    }

    public EnvironmentState Environment(string key) =>
        _environments.TryGetValue(key, out var environment)
            ? environment
            : throw new ChangeRefusedException(WriteStatus.NotFound, Api.NotFoundProblems.EnvironmentText(Project.Key, key));

    /// <summary>The environment with this key among those the set holds, or null.</summary>
    public EnvironmentState? TryEnvironment(string key) => _environments.GetValueOrDefault(key);

    /// <summary>An environment created by this change set (version 0, nothing in it).</summary>
    public void Add(EnvironmentState environment, bool isNew)
    {
        _environments[environment.Key] = environment;
        if (isNew)
        {
            _newEnvironments.Add(environment.Id);
        }
    }

    private readonly HashSet<long> _newEnvironments = [];

    /// <summary>Gives the environment its next version (once per change set) and takes its current snapshot.</summary>
    public async Task<EnvironmentWork> TouchAsync(EnvironmentState environment)
    {
        if (_touched.TryGetValue(environment.Id, out var existing))
        {
            return existing;
        }

        var current = _newEnvironments.Contains(environment.Id)
            ? SnapshotCompiler.Empty(environment.Id, environment.Key)
            : await snapshots.GetForWriteAsync(scope, environment, cancellationToken);
        var version = await scope.BumpVersionAsync(environment.Id, environment.Key, cancellationToken);
        var work = new EnvironmentWork(environment, version, current);
        _touched[environment.Id] = work;
        _order.Add(work);
        return work;
    }

    /// <summary>Touches every environment of the project (before a flag's spec, shared by all of them, is written).</summary>
    public async Task<IReadOnlyList<EnvironmentWork>> TouchAllAsync()
    {
        var list = new List<EnvironmentWork>();
        foreach (var environment in AllEnvironments)
        {
            list.Add(await TouchAsync(environment));
        }

        return list;
    }

    /// <summary>The audit records this change set wrote, in order.</summary>
    public List<AuditRecord> Records { get; } = [];

    public Task AuditAsync(AuditRecord record, WriteContext? context = null)
    {
        Records.Add(record);
        return AuditLog.AppendAsync(scope, context ?? Context, record, cancellationToken);
    }

    public Task WebhookAsync(WebhookEvent e) => WebhookOutbox.AppendAsync(scope, Context, e, cancellationToken);

    public WriteContext Context => set.Context;

    private static IEnumerable<string> EnvironmentsOf(Change change) => change switch
    {
        ConfigureFlag c => [c.Environment],
        ToggleFlag c => [c.Environment],
        RollbackFlag c => [c.Environment],
        PromoteFlag c => [c.From, c.To],
        CreateSegment c => [c.Environment],
        UpdateSegment c => [c.Environment],
        DeleteSegment c => [c.Environment],
        PutSegment c => [c.Environment],
        SettingChange c => [c.Environment],
        RenameEnvironment c => [c.Key],
        ArchiveEnvironment c => [c.Key],
        _ => [],
    };
}
