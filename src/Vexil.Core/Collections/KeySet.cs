namespace Vexil.Core.Collections;

/// <summary>
/// An immutable set of ordinal string keys, persistent: an array copied on write while small (most sets of
/// dependents hold a handful of keys), a <see cref="HashTrie{TValue}"/> once it passes <see cref="SmallLimit"/>
/// keys, so adding or removing one key costs O(1) while small and O(log₃₂ n) after, never O(n).
/// </summary>
internal sealed class KeySet
{
    /// <summary>The largest set kept as an array.</summary>
    public const int SmallLimit = 16;

    private readonly string[]? _small;
    private readonly HashTrie<bool>? _large;

    private KeySet(string[] small) => _small = small;

    private KeySet(HashTrie<bool> large) => _large = large;

    /// <summary>The empty set.</summary>
    public static KeySet Empty { get; } = new(Array.Empty<string>());

    /// <summary>The number of keys.</summary>
    public int Count => _small?.Length ?? _large!.Count;

    /// <summary>A set of distinct keys.</summary>
    public static KeySet Create(List<string> keys)
    {
        if (keys.Count <= SmallLimit)
        {
            return keys.Count == 0 ? Empty : new KeySet([.. keys]);
        }

        var pairs = new List<KeyValuePair<string, bool>>(keys.Count);
        foreach (var key in keys)
        {
            pairs.Add(new(key, true));
        }

        return new KeySet(HashTrie<bool>.Create(pairs, out var duplicate) ?? throw new ArgumentException($"the key '{duplicate}' appears twice", nameof(keys)));
    }

    /// <summary>True when the key is in the set.</summary>
    public bool Contains(string key)
    {
        return _small is null ? _large!.ContainsKey(key) : IndexOf(_small, key) >= 0;
    }

    /// <summary>This set with the key (this very set when it is there already).</summary>
    public KeySet Add(string key)
    {
        if (Contains(key))
        {
            return this;
        }

        if (_small is null)
        {
            return new KeySet(_large!.SetItem(key, true));
        }

        if (_small.Length < SmallLimit)
        {
            return new KeySet([.. _small, key]);
        }

        var pairs = new List<string>(_small.Length + 1);
        pairs.AddRange(_small);
        pairs.Add(key);
        return Create(pairs);
    }

    /// <summary>This set without the key (this very set when it is absent).</summary>
    public KeySet Remove(string key)
    {
        if (_small is null)
        {
            var large = _large!.Remove(key);
            return ReferenceEquals(large, _large) ? this : new KeySet(large);
        }

        var index = IndexOf(_small, key);
        if (index < 0)
        {
            return this;
        }

        if (_small.Length == 1)
        {
            return Empty;
        }

        var copy = new string[_small.Length - 1];
        Array.Copy(_small, copy, index);
        Array.Copy(_small, index + 1, copy, index, copy.Length - index);
        return new KeySet(copy);
    }

    /// <summary>The keys, in no particular order, into a list.</summary>
    public void CopyTo(List<string> destination)
    {
        if (_small is not null)
        {
            destination.AddRange(_small);
            return;
        }

        foreach (var leaf in _large!)
        {
            destination.Add(leaf.Key);
        }
    }

    private static int IndexOf(string[] keys, string key)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
