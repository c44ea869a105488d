using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Snapshots;

namespace Vexil.Server.Changes;

/// <summary>
/// What one change set does to one environment: its new version and the flags and segments upserted or deleted,
/// each remembered with the change that caused it (to report errors at that change's path).
/// </summary>
internal sealed class EnvironmentWork(EnvironmentState environment, long version, EnvironmentSnapshot current)
{
    private readonly Dictionary<string, (FlagDefinition Flag, Change Source)> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Change> _deletedFlags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SegmentDefinition Segment, Change Source)> _segments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Change> _deletedSegments = new(StringComparer.Ordinal);
    private RulesetChange? _change;

    public EnvironmentState Environment { get; } = environment;

    public long Version { get; } = version;

    /// <summary>The environment's snapshot before this change set.</summary>
    public EnvironmentSnapshot Current { get; } = current;

    public void UpsertFlag(FlagDefinition flag, Change source)
    {
        _change = null;
        _deletedFlags.Remove(flag.Key);
        _flags[flag.Key] = (flag, source);
    }

    public void DeleteFlag(string key, Change source)
    {
        _change = null;
        _flags.Remove(key);
        _deletedFlags[key] = source;
    }

    public void UpsertSegment(SegmentDefinition segment, Change source)
    {
        _change = null;
        _deletedSegments.Remove(segment.Key);
        _segments[segment.Key] = (segment, source);
    }

    public void DeleteSegment(string key, Change source)
    {
        _change = null;
        _segments.Remove(key);
        _deletedSegments[key] = source;
    }

    /// <summary>The change in Core's terms, each list in key order (the order the change log and the change event use).</summary>
    public RulesetChange ToRulesetChange() => _change ??= new(
        Version,
        [.. _flags.Values.Select(f => f.Flag).OrderBy(f => f.Key, StringComparer.Ordinal)],
        [.. _deletedFlags.Keys.Order(StringComparer.Ordinal)],
        [.. _segments.Values.Select(s => s.Segment).OrderBy(s => s.Key, StringComparer.Ordinal)],
        [.. _deletedSegments.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>The change behind an item of <see cref="ToRulesetChange"/>'s lists (<c>flags.upsert</c>, <c>flags.delete</c>, …).</summary>
    public Change? SourceOf(string member, string list, int index)
    {
        var change = ToRulesetChange();
        return (member, list) switch
        {
            ("flags", "upsert") when index < change.UpsertFlags.Count => _flags[change.UpsertFlags[index].Key].Source,
            ("flags", "delete") when index < change.DeleteFlags.Count => _deletedFlags[change.DeleteFlags[index]],
            ("segments", "upsert") when index < change.UpsertSegments.Count => _segments[change.UpsertSegments[index].Key].Source,
            ("segments", "delete") when index < change.DeleteSegments.Count => _deletedSegments[change.DeleteSegments[index]],
            _ => null,
        };
    }
}
