using Vexil.Server.Flags;
using Vexil.Server.Segments;

namespace Vexil.Server.Changes;

/// <summary>
/// The objects each change reads or writes, and their current state inside the recording transaction: captured when a
/// change set is proposed (a change request, a schedule), checked when it is recorded.
/// </summary>
internal static class ChangeBases
{
    /// <summary>The objects a change reads or writes, in the order it names them.</summary>
    public static IEnumerable<(ChangeBaseKind Kind, string? Environment, string Key)> ObjectsOf(Change change) => change switch
    {
        CreateFlag c => [(ChangeBaseKind.Flag, null, c.Spec.Key)],
        UpdateFlag c => [(ChangeBaseKind.Flag, null, c.Spec.Key)],
        DeleteFlag c => [(ChangeBaseKind.Flag, null, c.Flag)],
        ArchiveFlag c => [(ChangeBaseKind.Flag, null, c.Flag)],
        ConfigureFlag c => [(ChangeBaseKind.Targeting, c.Environment, c.Flag)],
        ToggleFlag c => [(ChangeBaseKind.Targeting, c.Environment, c.Flag)],
        RollbackFlag c => [(ChangeBaseKind.Targeting, c.Environment, c.Flag)],
        PromoteFlag c => [(ChangeBaseKind.Targeting, c.From, c.Flag), (ChangeBaseKind.Targeting, c.To, c.Flag)],
        PutFlag c => [(ChangeBaseKind.Flag, null, c.Spec.Key), .. c.Targeting.Keys.Order(StringComparer.Ordinal).Select(e => (ChangeBaseKind.Targeting, (string?)e, c.Spec.Key))],
        CreateSegment c => [(ChangeBaseKind.Segment, c.Environment, c.Segment.Key)],
        UpdateSegment c => [(ChangeBaseKind.Segment, c.Environment, c.Segment.Key)],
        DeleteSegment c => [(ChangeBaseKind.Segment, c.Environment, c.Segment)],
        PutSegment c => [(ChangeBaseKind.Segment, c.Environment, c.Segment.Key)],
        CreateEnvironment c => [(ChangeBaseKind.Environment, null, c.Key)],
        RenameProject => [(ChangeBaseKind.Project, null, string.Empty)],
        ArchiveProject => [(ChangeBaseKind.Project, null, string.Empty)],
        RenameEnvironment c => [(ChangeBaseKind.Environment, null, c.Key)],
        ArchiveEnvironment c => [(ChangeBaseKind.Environment, null, c.Key)],
        ReorderEnvironments c => [.. c.Keys.Select(k => (ChangeBaseKind.Environment, (string?)null, k))],
        _ => [],
    };

    /// <summary>The current state of every object the set names (each once), read in the set's transaction after its locks.</summary>
    public static async Task<IReadOnlyList<ChangeBase>> ReadAsync(ChangeWork work)
    {
        var seen = new HashSet<(ChangeBaseKind, string?, string)>();
        var bases = new List<ChangeBase>();
        foreach (var change in work.Set.Changes)
        {
            foreach (var item in ObjectsOf(change))
            {
                if (seen.Add(item))
                {
                    bases.Add(await ReadAsync(work, item.Kind, item.Environment, item.Key));
                }
            }
        }

        return bases;
    }

    /// <summary>The objects whose state differs from <paramref name="expected"/> (each with its current state).</summary>
    public static async Task<IReadOnlyList<(ChangeBase Expected, ChangeBase Current)>> MovedAsync(ChangeWork work, IReadOnlyList<ChangeBase> expected)
    {
        var moved = new List<(ChangeBase, ChangeBase)>();
        foreach (var item in expected)
        {
            var current = await ReadAsync(work, item.Kind, item.Environment, item.Key);
            if (current.ETag != item.ETag)
            {
                moved.Add((item, current));
            }
        }

        return moved;
    }

    private static async Task<ChangeBase> ReadAsync(ChangeWork work, ChangeBaseKind kind, string? environmentKey, string key)
    {
        var scope = work.Scope;
        switch (kind)
        {
            case ChangeBaseKind.Flag:
                var flag = await FlagStore.FindAsync(scope, work.Project.Id, work.Project.Key, key, work.CancellationToken);
                return flag is null || flag.Spec.Key != key
                    ? new ChangeBase(kind, null, key, null, null)
                    : new ChangeBase(kind, null, key, flag.ETag, FlagSpecJson.ToElement(flag.Spec));
            case ChangeBaseKind.Targeting:
                var environment = work.TryEnvironment(environmentKey!);
                var targeting = environment is null ? null : await FlagStore.FindInEnvironmentAsync(scope, environment, key, work.CancellationToken);
                return targeting is null
                    ? new ChangeBase(kind, environmentKey, key, null, null)
                    : new ChangeBase(kind, environmentKey, key, targeting.ETag, FlagJson.ToElement(targeting.Flag with { Version = 0 }));
            case ChangeBaseKind.Segment:
                var segmentEnvironment = work.TryEnvironment(environmentKey!);
                var segment = segmentEnvironment is null ? null : await SegmentStore.FindAsync(scope, segmentEnvironment, key, work.CancellationToken);
                return segment is null
                    ? new ChangeBase(kind, environmentKey, key, null, null)
                    : new ChangeBase(kind, environmentKey, key, segment.ETag, SegmentJson.ToElement(segment.Segment with { Version = 0 }));
            case ChangeBaseKind.Environment:
                var state = await Environments.EnvironmentStore.FindByKeyAsync(scope, work.Project.Id, key, work.CancellationToken);
                return state is null
                    ? new ChangeBase(kind, null, key, null, null)
                    : new ChangeBase(kind, null, key, state.ETag, Audit.AuditRecord.Of(string.Empty, null, null, string.Empty, null, new { state.Key, state.Name }).After);
            default:
                return new ChangeBase(kind, null, string.Empty, work.Project.ETag, Audit.AuditRecord.Of(string.Empty, null, null, string.Empty, null, new { work.Project.Key, work.Project.Name }).After);
        }
    }
}
