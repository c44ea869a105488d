using System.Runtime.CompilerServices;

namespace Vexil.Core.Collections;

/// <summary>
/// The shape of a <see cref="HashTrie{TValue}"/>: a node is an <c>object?[]</c> of 32 slots indexed by five bits
/// of the key's hash (lowest bits at the root); a slot is empty, a child node, or a <see cref="HashTrieLeaf{TValue}"/>.
/// Not generic, so that code shared by every reference-type <c>TValue</c> tests a slot without a type lookup.
/// </summary>
internal static class HashTrieBits
{
    /// <summary>Hash bits per level.</summary>
    public const int Bits = 5;

    /// <summary>Slots per node.</summary>
    public const int Width = 1 << Bits;

    /// <summary>The slot of a hash at the level that starts at <paramref name="shift"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(uint hash, int shift) => (int)((hash >> shift) & (Width - 1));

    /// <summary>True when a slot holds a child node (every node is exactly an <c>object?[]</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNode(object? item) => item is not null && item.GetType() == typeof(object[]);
}
