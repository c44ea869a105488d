using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Vexil.Core.Context;

/// <summary>
/// An immutable open-addressing table of attributes. Lookups from compiled clauses pass a hash computed once at
/// compile time, so evaluation never hashes a string: it probes, compares a hash, then compares the name.
/// </summary>
internal sealed class AttributeTable : IReadOnlyDictionary<string, ContextValue>
{
    private readonly string?[] _keys;
    private readonly int[] _hashes;
    private readonly ContextValue[] _values;
    private readonly int _mask;

    public AttributeTable(IReadOnlyCollection<KeyValuePair<string, ContextValue>> entries)
    {
        var capacity = 4;
        while (capacity < entries.Count * 2)
        {
            capacity <<= 1;
        }

        _keys = new string?[capacity];
        _hashes = new int[capacity];
        _values = new ContextValue[capacity];
        _mask = capacity - 1;
        foreach (var (key, value) in entries)
        {
            var hash = Hash(key);
            var slot = hash & _mask;
            while (_keys[slot] is { } existing && !string.Equals(existing, key, StringComparison.Ordinal))
            {
                slot = (slot + 1) & _mask;
            }

            Count += _keys[slot] is null ? 1 : 0;
            _keys[slot] = key;
            _hashes[slot] = hash;
            _values[slot] = value;
        }
    }

    public static AttributeTable Empty { get; } = new(Array.Empty<KeyValuePair<string, ContextValue>>());

    public int Count { get; }

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

    public IEnumerable<ContextValue> Values
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Value;
            }
        }
    }

    public ContextValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The hash every lookup uses: stable within a process, randomised across processes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hash(string key) => key.GetHashCode(StringComparison.Ordinal) & int.MaxValue;

    /// <summary>Finds a value by name and its precomputed <see cref="Hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(string key, int hash, out ContextValue value)
    {
        var keys = _keys;
        var slot = hash & _mask;
        while (keys[slot] is { } candidate)
        {
            if (_hashes[slot] == hash && (ReferenceEquals(candidate, key) || string.Equals(candidate, key, StringComparison.Ordinal)))
            {
                value = _values[slot];
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        value = default;
        return false;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ContextValue value) => TryGetValue(key, Hash(key), out value);

    /// <summary>The number of slots, for allocation-free enumeration with <see cref="TryGetSlot"/>.</summary>
    public int SlotCount => _keys.Length;

    /// <summary>The entry in a slot, when the slot holds one (allocation-free enumeration).</summary>
    public bool TryGetSlot(int slot, [NotNullWhen(true)] out string? key, out ContextValue value)
    {
        key = _keys[slot];
        value = key is null ? default : _values[slot];
        return key is not null;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerator<KeyValuePair<string, ContextValue>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] is { } key)
            {
                yield return new KeyValuePair<string, ContextValue>(key, _values[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
