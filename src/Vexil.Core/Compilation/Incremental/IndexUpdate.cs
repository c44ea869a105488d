using Vexil.Core.Collections;
using Vexil.Core.Model;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// The <see cref="DefinitionIndex"/> of the version a valid change produces: segments replaced and removed, and
/// the reverse indexes moved by the difference between each touched flag's old and new references. Costs
/// O(log n) per reference that changed; an index nothing changed in is returned as it is.
/// </summary>
internal static class IndexUpdate
{
    public static DefinitionIndex Apply(ChangeContext context)
    {
        var index = context.Index;
        var segments = index.Segments;
        var prerequisiteOf = index.PrerequisiteOf;
        var segmentUsers = index.SegmentUsers;
        foreach (var key in context.Change.DeleteSegments)
        {
            segments = segments.Remove(key);
        }

        var upsertedSegments = context.Change.UpsertSegments;
        for (var i = 0; i < upsertedSegments.Count; i++)
        {
            segments = segments.SetItem(upsertedSegments[i].Key, new CompiledSegmentEntry(context.Segments[i], upsertedSegments[i]));
        }

        var before = new List<string>();
        var after = new List<string>();
        foreach (var key in context.Change.DeleteFlags)
        {
            if (context.Current.GetDefinition(key) is { } old)
            {
                prerequisiteOf = Move(prerequisiteOf, key, old, null, FlagReferences.AddPrerequisiteKeys, before, after);
                segmentUsers = Move(segmentUsers, key, old, null, FlagReferences.AddSegmentKeys, before, after);
            }
        }

        foreach (var flag in context.Change.UpsertFlags)
        {
            var old = context.Current.GetDefinition(flag.Key);
            prerequisiteOf = Move(prerequisiteOf, flag.Key, old, flag, FlagReferences.AddPrerequisiteKeys, before, after);
            segmentUsers = Move(segmentUsers, flag.Key, old, flag, FlagReferences.AddSegmentKeys, before, after);
        }

        if (ReferenceEquals(segments, index.Segments) && ReferenceEquals(prerequisiteOf, index.PrerequisiteOf) && ReferenceEquals(segmentUsers, index.SegmentUsers))
        {
            return index;
        }

        return new DefinitionIndex(segments, prerequisiteOf, segmentUsers);
    }

    /// <summary>Moves <paramref name="dependent"/> from the targets only its old definition names to those only its new one names.</summary>
    private static HashTrie<KeySet> Move(HashTrie<KeySet> index, string dependent, FlagDefinition? old, FlagDefinition? @new, Action<FlagDefinition, List<string>> references, List<string> before, List<string> after)
    {
        before.Clear();
        after.Clear();
        if (old is not null)
        {
            references(old, before);
        }

        if (@new is not null)
        {
            references(@new, after);
        }

        foreach (var target in before)
        {
            if (!after.Contains(target, StringComparer.Ordinal))
            {
                index = Remove(index, target, dependent);
            }
        }

        foreach (var target in after)
        {
            if (!before.Contains(target, StringComparer.Ordinal))
            {
                index = Add(index, target, dependent);
            }
        }

        return index;
    }

    private static HashTrie<KeySet> Add(HashTrie<KeySet> index, string target, string dependent)
    {
        var set = index.Find(target)?.Value ?? KeySet.Empty;
        var added = set.Add(dependent);
        return ReferenceEquals(added, set) ? index : index.SetItem(target, added);
    }

    private static HashTrie<KeySet> Remove(HashTrie<KeySet> index, string target, string dependent)
    {
        if (index.Find(target)?.Value is not { } set)
        {
            return index;
        }

        var removed = set.Remove(dependent);
        if (ReferenceEquals(removed, set))
        {
            return index;
        }

        return removed.Count == 0 ? index.Remove(target) : index.SetItem(target, removed);
    }
}
