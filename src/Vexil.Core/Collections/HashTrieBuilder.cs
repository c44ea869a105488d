using static Vexil.Core.Collections.HashTrieBits;

namespace Vexil.Core.Collections;

/// <summary>
/// Builds a <see cref="HashTrie{TValue}"/> from many pairs at once: the leaves are sorted in the order the trie
/// visits hash bits (five bits per level, lowest first), so every node covers a contiguous run and is allocated
/// once.
/// </summary>
internal static class HashTrieBuilder<TValue>
{
    /// <summary>The root of a trie holding the pairs, or null when a key appears twice.</summary>
    public static object?[]? Build(IReadOnlyList<KeyValuePair<string, TValue>> pairs, out string? duplicateKey)
    {
        duplicateKey = null;
        var order = new ulong[pairs.Count];
        var leaves = new HashTrieLeaf<TValue>[pairs.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var key = pairs[i].Key ?? throw new ArgumentException("a key is null", nameof(pairs));
            var hash = KeyHash.Of(key);
            leaves[i] = new HashTrieLeaf<TValue>(hash, key, pairs[i].Value, null);
            order[i] = TrieOrder(hash);
        }

        Array.Sort(order, leaves);
        var root = new object?[Width];
        return Fill(root, leaves, 0, leaves.Length, 0, ref duplicateKey) ? root : null;
    }

    private static bool Fill(object?[] node, HashTrieLeaf<TValue>[] sorted, int start, int end, int shift, ref string? duplicateKey)
    {
        for (var i = start; i < end;)
        {
            var slot = Slot(sorted[i].Hash, shift);
            var next = i + 1;
            while (next < end && Slot(sorted[next].Hash, shift) == slot)
            {
                next++;
            }

            if (next - i == 1)
            {
                node[slot] = sorted[i];
            }
            else if (sorted[i].Hash == sorted[next - 1].Hash)
            {
                // Sorted by hash within the run: first equal to last means every hash is equal.
                var chain = Chain(sorted, i, next, ref duplicateKey);
                if (chain is null)
                {
                    return false;
                }

                node[slot] = chain;
            }
            else
            {
                var child = new object?[Width];
                if (!Fill(child, sorted, i, next, shift + Bits, ref duplicateKey))
                {
                    return false;
                }

                node[slot] = child;
            }

            i = next;
        }

        return true;
    }

    private static HashTrieLeaf<TValue>? Chain(HashTrieLeaf<TValue>[] sorted, int start, int end, ref string? duplicateKey)
    {
        HashTrieLeaf<TValue>? chain = null;
        for (var i = end - 1; i >= start; i--)
        {
            for (var link = chain; link is not null; link = link.Next)
            {
                if (string.Equals(link.Key, sorted[i].Key, StringComparison.Ordinal))
                {
                    duplicateKey = link.Key;
                    return null;
                }
            }

            chain = new HashTrieLeaf<TValue>(sorted[i].Hash, sorted[i].Key, sorted[i].Value, chain);
        }

        return chain;
    }

    /// <summary>The hash with its five-bit groups reversed: sorting by it groups leaves level by level.</summary>
    private static ulong TrieOrder(uint hash)
    {
        ulong order = 0;
        for (var shift = 0; shift < 32; shift += Bits)
        {
            order = (order << Bits) | ((hash >> shift) & (Width - 1));
        }

        return order;
    }
}
