using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Vexil.Core.Collections;

namespace Vexil.Core.Evaluation;

/// <summary>
/// The compiled flags of a <see cref="CompiledRuleset"/>, by key (ordinal). Immutable and safe to read from any
/// number of threads. Successive rulesets share all of it but the paths to the flags a change touched, so
/// applying a change does not copy the table. Enumeration order is the table's hash order: stable for a given set
/// of keys, the same in every process, not sorted.
/// </summary>
public sealed class CompiledFlagTable : IReadOnlyDictionary<string, CompiledFlag>
{
    private readonly HashTrie<CompiledFlagEntry> _entries;

    internal CompiledFlagTable(HashTrie<CompiledFlagEntry> entries) => _entries = entries;

    /// <summary>The number of flags.</summary>
    public int Count => _entries.Count;

    /// <summary>The keys, in enumeration order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var leaf in _entries)
            {
                yield return leaf.Key;
            }
        }
    }

    /// <summary>The flags, in enumeration order.</summary>
    public IEnumerable<CompiledFlag> Values
    {
        get
        {
            foreach (var leaf in _entries)
            {
                yield return leaf.Value.Flag;
            }
        }
    }

    /// <summary>The flag with the key; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public CompiledFlag this[string key] => TryGetValue(key, out var flag) ? flag : throw new KeyNotFoundException($"No flag has the key '{key}'.");

    /// <summary>True when a flag has the key.</summary>
    public bool ContainsKey(string key) => key is not null && _entries.Find(key) is not null;

    /// <summary>Finds a flag by key.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out CompiledFlag value)
    {
        var leaf = key is null ? null : _entries.Find(key);
        value = leaf?.Value.Flag;
        return leaf is not null;
    }

    /// <summary>Enumerates key and flag pairs without allocating.</summary>
    public Enumerator GetEnumerator() => new(_entries.GetEnumerator());

    IEnumerator<KeyValuePair<string, CompiledFlag>> IEnumerable<KeyValuePair<string, CompiledFlag>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the table; a struct, so <c>foreach</c> over the table allocates nothing.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, CompiledFlag>>
    {
        private HashTrieEnumerator<CompiledFlagEntry> _inner;

        internal Enumerator(HashTrieEnumerator<CompiledFlagEntry> inner) => _inner = inner;

        /// <summary>The current key and flag.</summary>
        public readonly KeyValuePair<string, CompiledFlag> Current => new(_inner.Current.Key, _inner.Current.Value.Flag);

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next flag.</summary>
        public bool MoveNext() => _inner.MoveNext();

        /// <summary>Not supported: enumerate again with a new enumerator.</summary>
        public readonly void Reset() => throw new NotSupportedException();

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
