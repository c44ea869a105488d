using Vexil.Core.Collections;
using Vexil.Core.Model;

namespace Vexil.Core.Compilation;

/// <summary>
/// What a native <see cref="Evaluation.CompiledRuleset"/> keeps besides its flags so that the next change can be
/// applied without the original document: the segments (compiled and as defined) and two reverse indexes — which
/// flags name a flag as a prerequisite, which flags match a segment — that find the dependents of a change without
/// looking at the other flags. All three are persistent maps, shared between successive versions.
/// </summary>
internal sealed class DefinitionIndex(HashTrie<CompiledSegmentEntry> segments, HashTrie<KeySet> prerequisiteOf, HashTrie<KeySet> segmentUsers)
{
    /// <summary>The index of a ruleset with no flags and no segments.</summary>
    public static DefinitionIndex Empty { get; } = new(HashTrie<CompiledSegmentEntry>.Empty, HashTrie<KeySet>.Empty, HashTrie<KeySet>.Empty);

    /// <summary>The segments by key.</summary>
    public HashTrie<CompiledSegmentEntry> Segments { get; } = segments;

    /// <summary>For a flag key, the keys of the flags whose prerequisites name it.</summary>
    public HashTrie<KeySet> PrerequisiteOf { get; } = prerequisiteOf;

    /// <summary>For a segment key, the keys of the flags whose <c>segmentMatch</c> clauses name it.</summary>
    public HashTrie<KeySet> SegmentUsers { get; } = segmentUsers;

    /// <summary>The flags whose prerequisites name the flag.</summary>
    public KeySet DependentsOf(string flagKey) => PrerequisiteOf.Find(flagKey)?.Value ?? KeySet.Empty;

    /// <summary>The flags that match the segment.</summary>
    public KeySet UsersOf(string segmentKey) => SegmentUsers.Find(segmentKey)?.Value ?? KeySet.Empty;

    /// <summary>Indexes a valid ruleset whose segments compiled into <paramref name="compiledSegments"/>.</summary>
    public static DefinitionIndex Build(RulesetDefinition ruleset, IReadOnlyDictionary<string, CompiledSegment> compiledSegments)
    {
        var segments = new List<KeyValuePair<string, CompiledSegmentEntry>>(ruleset.Segments.Count);
        foreach (var segment in ruleset.Segments)
        {
            segments.Add(new(segment.Key, new CompiledSegmentEntry(compiledSegments[segment.Key], segment)));
        }

        var prerequisiteOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var segmentUsers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var flag in ruleset.Flags)
        {
            keys.Clear();
            FlagReferences.AddPrerequisiteKeys(flag, keys);
            AddAll(prerequisiteOf, keys, flag.Key);
            keys.Clear();
            FlagReferences.AddSegmentKeys(flag, keys);
            AddAll(segmentUsers, keys, flag.Key);
        }

        return new DefinitionIndex(Trie(segments), ToTrie(prerequisiteOf), ToTrie(segmentUsers));
    }

    private static void AddAll(Dictionary<string, List<string>> index, List<string> targets, string dependent)
    {
        foreach (var target in targets)
        {
            if (!index.TryGetValue(target, out var dependents))
            {
                index[target] = dependents = [];
            }

            dependents.Add(dependent);
        }
    }

    private static HashTrie<KeySet> ToTrie(Dictionary<string, List<string>> index)
    {
        var pairs = new List<KeyValuePair<string, KeySet>>(index.Count);
        foreach (var (key, dependents) in index)
        {
            pairs.Add(new(key, KeySet.Create(dependents)));
        }

        return Trie(pairs);
    }

    private static HashTrie<T> Trie<T>(List<KeyValuePair<string, T>> pairs) =>
        HashTrie<T>.Create(pairs, out var duplicate) ?? throw new InvalidOperationException($"duplicate key '{duplicate}' in a ruleset that compiled");
}
