using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>The oracle's view of a ruleset: plain dictionaries of definitions, changed the obvious way.</summary>
internal sealed class RulesetModel(long version, Dictionary<string, FlagDefinition> flags, Dictionary<string, SegmentDefinition> segments)
{
    public const string Environment = "property";

    public long Version { get; } = version;

    public Dictionary<string, FlagDefinition> Flags { get; } = flags;

    public Dictionary<string, SegmentDefinition> Segments { get; } = segments;

    /// <summary>The definition to compile in full, in no particular order (the compiler must not care).</summary>
    public RulesetDefinition Definition() => new(Environment, Version, [.. Flags.Values], [.. Segments.Values]);

    /// <summary>The definition as <c>CompiledRuleset.ToDefinition</c> must give it: ordered by key.</summary>
    public RulesetDefinition Canonical() => new(
        Environment,
        Version,
        [.. Flags.Values.OrderBy(f => f.Key, StringComparer.Ordinal)],
        [.. Segments.Values.OrderBy(s => s.Key, StringComparer.Ordinal)]);

    /// <summary>The model after the change, or null when the change contradicts itself (a key twice, or upserted and deleted).</summary>
    public RulesetModel? After(RulesetChange change)
    {
        var flagKeys = change.UpsertFlags.Select(f => f.Key).ToList();
        var segmentKeys = change.UpsertSegments.Select(s => s.Key).ToList();
        if (HasDuplicates(flagKeys) || HasDuplicates(change.DeleteFlags) || flagKeys.Intersect(change.DeleteFlags, StringComparer.Ordinal).Any()
            || HasDuplicates(segmentKeys) || HasDuplicates(change.DeleteSegments) || segmentKeys.Intersect(change.DeleteSegments, StringComparer.Ordinal).Any())
        {
            return null;
        }

        var flags = new Dictionary<string, FlagDefinition>(Flags, StringComparer.Ordinal);
        var segments = new Dictionary<string, SegmentDefinition>(Segments, StringComparer.Ordinal);
        foreach (var key in change.DeleteFlags)
        {
            flags.Remove(key);
        }

        foreach (var flag in change.UpsertFlags)
        {
            flags[flag.Key] = flag;
        }

        foreach (var key in change.DeleteSegments)
        {
            segments.Remove(key);
        }

        foreach (var segment in change.UpsertSegments)
        {
            segments[segment.Key] = segment;
        }

        return new RulesetModel(change.Version, flags, segments);
    }

    private static bool HasDuplicates(IEnumerable<string> keys) => keys.GroupBy(k => k, StringComparer.Ordinal).Any(g => g.Count() > 1);
}
