using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Vexil.Core.Collections.HashTrieBits;

namespace Vexil.Core.Collections;

/// <summary>
/// An immutable map from ordinal string keys to values, persistent: <see cref="SetItem"/> and <see cref="Remove"/>
/// return a new map that shares all but one path of nodes with this one (one 32-slot array copied per level,
/// about log₃₂ n levels: three for 10,000 keys), so keeping or deriving versions costs what they differ in.
/// A lookup hashes the key once and reads one slot per level, the slot's position taken straight from the hash
/// (nodes are not compressed: speed over the few hundred kilobytes that costs at 10,000 keys); a key whose
/// length no key has is refused before hashing. Any number of threads may read it without locks.
/// </summary>
internal sealed class HashTrie<TValue>
{
    private readonly object?[] _root;

    // Bit (length mod 64) is set for the length of every key ever added: a superset, since removal keeps it.
    private readonly ulong _lengths;

    private HashTrie(object?[] root, int count, ulong lengths)
    {
        _root = root;
        Count = count;
        _lengths = lengths;
    }

    /// <summary>The empty map.</summary>
    public static HashTrie<TValue> Empty { get; } = new(new object?[Width], 0, 0);

    /// <summary>The number of keys.</summary>
    public int Count { get; }

    /// <summary>Builds a map from pairs at once (O(n log n), no intermediate versions); null on a duplicate key.</summary>
    public static HashTrie<TValue>? Create(IReadOnlyList<KeyValuePair<string, TValue>> pairs, out string? duplicateKey)
    {
        var root = HashTrieBuilder<TValue>.Build(pairs, out duplicateKey);
        if (root is null)
        {
            return null;
        }

        ulong lengths = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            lengths |= LengthBit(pairs[i].Key);
        }

        return new HashTrie<TValue>(root, pairs.Count, lengths);
    }

    /// <summary>The leaf of a key, or null.</summary>
    public HashTrieLeaf<TValue>? Find(string key)
    {
        if ((_lengths & LengthBit(key)) == 0)
        {
            return null;
        }

        var hash = KeyHash.Of(key);
        var shift = 0;
        var item = Read(_root, hash, shift);
        while (IsNode(item))
        {
            shift += Bits;
            item = Read(Unsafe.As<object?[]>(item!), hash, shift);
        }

        for (var leaf = Unsafe.As<HashTrieLeaf<TValue>?>(item); leaf is not null; leaf = leaf.Next)
        {
            if (leaf.Hash == hash && string.Equals(leaf.Key, key, StringComparison.Ordinal))
            {
                return leaf;
            }
        }

        return null;
    }

    /// <summary>Finds the value of a key.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var leaf = Find(key);
        if (leaf is null)
        {
            value = default;
            return false;
        }

        value = leaf.Value;
        return true;
    }

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(string key) => Find(key) is not null;

    /// <summary>This map with the key set to the value (added or replaced).</summary>
    public HashTrie<TValue> SetItem(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var root = HashTrieNodes<TValue>.Set(_root, new HashTrieLeaf<TValue>(KeyHash.Of(key), key, value, null), 0, out var added);
        return new HashTrie<TValue>(root, added ? Count + 1 : Count, _lengths | LengthBit(key));
    }

    /// <summary>This map without the key (this very map when the key is absent).</summary>
    public HashTrie<TValue> Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var root = HashTrieNodes<TValue>.Remove(_root, KeyHash.Of(key), key, 0, out var removed);
        return removed ? new HashTrie<TValue>(root, Count - 1, _lengths) : this;
    }

    /// <summary>Enumerates the leaves in hash order (the same in every process), without allocating.</summary>
    public HashTrieEnumerator<TValue> GetEnumerator() => new(_root);

    // A shift count is taken mod 64, so keys of 64 characters and more share the bits of shorter ones: still a superset.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LengthBit(string key) => 1UL << key.Length;

    // Every node has Width slots and Slot() is below Width: no bounds check needed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object? Read(object?[] node, uint hash, int shift) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(node), Slot(hash, shift));
}
