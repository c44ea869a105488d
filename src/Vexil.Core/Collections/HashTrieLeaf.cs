namespace Vexil.Core.Collections;

/// <summary>
/// One key and its value in a <see cref="HashTrie{TValue}"/>, with the key's hash kept beside it. Keys whose
/// 32-bit hashes are equal (rare: about one pair per 100,000 keys) share a slot as a chain through
/// <see cref="Next"/>. Immutable.
/// </summary>
internal sealed class HashTrieLeaf<TValue>(uint hash, string key, TValue value, HashTrieLeaf<TValue>? next)
{
    public readonly uint Hash = hash;

    public readonly string Key = key;

    public readonly TValue Value = value;

    /// <summary>Another key with the same hash, or null.</summary>
    public readonly HashTrieLeaf<TValue>? Next = next;
}
