using static Vexil.Core.Collections.HashTrieBits;

namespace Vexil.Core.Collections;

/// <summary>
/// Path-copying updates of <see cref="HashTrie{TValue}"/> nodes: an update copies the nodes from the root to the
/// changed slot (one 32-slot array per level) and shares every other node with the version it came from.
/// </summary>
internal static class HashTrieNodes<TValue>
{
    /// <summary>The node with <paramref name="leaf"/> set (added, or replacing the leaf of the same key).</summary>
    public static object?[] Set(object?[] node, HashTrieLeaf<TValue> leaf, int shift, out bool added)
    {
        var slot = Slot(leaf.Hash, shift);
        var item = node[slot];
        object? replacement;
        if (item is null)
        {
            added = true;
            replacement = leaf;
        }
        else if (IsNode(item))
        {
            replacement = Set((object?[])item, leaf, shift + Bits, out added);
        }
        else
        {
            var existing = (HashTrieLeaf<TValue>)item;
            if (existing.Hash == leaf.Hash)
            {
                replacement = SetInChain(existing, leaf, out added);
            }
            else
            {
                added = true;
                replacement = Pair(existing, leaf, shift + Bits);
            }
        }

        var copy = (object?[])node.Clone();
        copy[slot] = replacement;
        return copy;
    }

    /// <summary>
    /// The node without <paramref name="key"/>, or this very node when the key is absent. A child left holding a
    /// single leaf is replaced by that leaf, so the shape depends only on the keys, not on the order of updates.
    /// </summary>
    public static object?[] Remove(object?[] node, uint hash, string key, int shift, out bool removed)
    {
        var slot = Slot(hash, shift);
        var item = node[slot];
        object? replacement;
        if (item is null)
        {
            removed = false;
            return node;
        }

        if (IsNode(item))
        {
            var child = Remove((object?[])item, hash, key, shift + Bits, out removed);
            if (!removed)
            {
                return node;
            }

            replacement = SoleLeaf(child) ?? (object)child;
        }
        else
        {
            replacement = RemoveFromChain((HashTrieLeaf<TValue>)item, hash, key, out removed);
            if (!removed)
            {
                return node;
            }
        }

        var copy = (object?[])node.Clone();
        copy[slot] = replacement;
        return copy;
    }

    /// <summary>A node holding two leaves whose hashes differ but agree below <paramref name="shift"/>.</summary>
    public static object?[] Pair(HashTrieLeaf<TValue> a, HashTrieLeaf<TValue> b, int shift)
    {
        var node = new object?[Width];
        var slotA = Slot(a.Hash, shift);
        var slotB = Slot(b.Hash, shift);
        if (slotA == slotB)
        {
            node[slotA] = Pair(a, b, shift + Bits);
        }
        else
        {
            node[slotA] = a;
            node[slotB] = b;
        }

        return node;
    }

    private static HashTrieLeaf<TValue> SetInChain(HashTrieLeaf<TValue> chain, HashTrieLeaf<TValue> leaf, out bool added)
    {
        if (string.Equals(chain.Key, leaf.Key, StringComparison.Ordinal))
        {
            added = false;
            return new HashTrieLeaf<TValue>(leaf.Hash, leaf.Key, leaf.Value, chain.Next);
        }

        if (chain.Next is null)
        {
            added = true;
            return new HashTrieLeaf<TValue>(leaf.Hash, leaf.Key, leaf.Value, chain);
        }

        var rest = SetInChain(chain.Next, leaf, out added);
        return new HashTrieLeaf<TValue>(chain.Hash, chain.Key, chain.Value, rest);
    }

    private static HashTrieLeaf<TValue>? RemoveFromChain(HashTrieLeaf<TValue> chain, uint hash, string key, out bool removed)
    {
        if (chain.Hash != hash)
        {
            removed = false;
            return chain;
        }

        if (string.Equals(chain.Key, key, StringComparison.Ordinal))
        {
            removed = true;
            return chain.Next;
        }

        if (chain.Next is null)
        {
            removed = false;
            return chain;
        }

        var rest = RemoveFromChain(chain.Next, hash, key, out removed);
        return removed ? new HashTrieLeaf<TValue>(chain.Hash, chain.Key, chain.Value, rest) : chain;
    }

    /// <summary>The node's only item when that is a leaf (a chain); otherwise null.</summary>
    private static HashTrieLeaf<TValue>? SoleLeaf(object?[] node)
    {
        object? only = null;
        foreach (var item in node)
        {
            if (item is null)
            {
                continue;
            }

            if (only is not null || IsNode(item))
            {
                return null;
            }

            only = item;
        }

        return (HashTrieLeaf<TValue>?)only;
    }
}
