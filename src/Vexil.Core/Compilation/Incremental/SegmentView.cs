using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Vexil.Core.Collections;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// The segments as they will be after a change — the current ones, less the deleted, with the upserted compiled
/// anew — seen through the dictionary interface that <see cref="FlagCompiler"/> resolves <c>segmentMatch</c> with.
/// Nothing is copied: a lookup asks the change first, then the current segments.
/// </summary>
internal sealed class SegmentView(HashTrie<CompiledSegmentEntry> current, ChangeKeys keys, CompiledSegment[] upserted) : IReadOnlyDictionary<string, CompiledSegment>
{
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var _ in this)
            {
                count++;
            }

            return count;
        }
    }

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Key;
            }
        }
    }

    public IEnumerable<CompiledSegment> Values
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Value;
            }
        }
    }

    public CompiledSegment this[string key] => TryGetValue(key, out var segment) ? segment : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out CompiledSegment value)
    {
        if (keys.UpsertedSegments.TryGetValue(key, out var index))
        {
            value = upserted[index];
            return true;
        }

        value = keys.DeletedSegments.ContainsKey(key) ? null : current.Find(key)?.Value.Segment;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, CompiledSegment>> GetEnumerator()
    {
        foreach (var leaf in current)
        {
            if (!keys.UpsertedSegments.ContainsKey(leaf.Key) && !keys.DeletedSegments.ContainsKey(leaf.Key))
            {
                yield return new(leaf.Key, leaf.Value.Segment);
            }
        }

        foreach (var (key, index) in keys.UpsertedSegments)
        {
            yield return new(key, upserted[index]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
