using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vexil.Core.Collections;

/// <summary>
/// The 32-bit hash of a key that <see cref="HashTrie{TValue}"/> branches on. Every UTF-16 code unit of the key is
/// read, 8 bytes at a time, and folded with 64×64→128-bit multiplications (the wyhash "mum"): two independent
/// products (they pipeline) for keys of 4 to 16 characters, four for 17 to 32, a loop beyond; then one more
/// product folds in the length and spreads every bit over the low 32. Reads overlap instead of branching on the
/// exact length.
/// Ordinal: equal strings hash equally, nothing is normalised. The constants are fixed, so a trie's order is the
/// same in every process (a bulk evaluation lists flags in the same order on every replica).
/// </summary>
internal static class KeyHash
{
    private const ulong P0 = 0xa0761d6478bd642f;
    private const ulong P1 = 0xe7037ed1a0b428db;
    private const ulong P2 = 0x8ebc6af09c88c6e3;
    private const ulong P3 = 0x589965cc75374cc3;
    private const ulong P4 = 0x1d8e4e27c47d124f;
    private const ulong P5 = 0x9e3779b97f4a7c15;
    private const ulong P6 = 0xbf58476d1ce4e5b9;
    private const ulong P7 = 0x94d049bb133111eb;

    /// <summary>The key's hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(string key)
    {
        ref var start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(key.AsSpan()));
        var length = (nuint)key.Length * sizeof(char);
        ulong hash;
        if (length - 8 <= 24)
        {
            // 8 to 32 bytes: [0,8) [len-8,len) and, from 16 bytes on, [8,16) [len-16,len-8); from 32 all four apart.
            var offset = (length >> 4) << 3;
            hash = Mum(Read64(ref start, 0) ^ P0, Read64(ref start, length - 8) ^ P1)
                ^ Mum(Read64(ref start, offset) ^ P2, Read64(ref start, length - 8 - offset) ^ P3);
        }
        else if (length < 8)
        {
            var low = length >= 4 ? Read32(ref start, 0) | (Read32(ref start, length - 4) << 32) : length == 2 ? Unsafe.ReadUnaligned<ushort>(ref start) : 0UL;
            hash = Mum(low ^ P0, P1);
        }
        else if (length <= 64)
        {
            // 33 to 64 bytes: the first and the last 32, overlapping below 64.
            hash = Mum(Read64(ref start, 0) ^ P0, Read64(ref start, 8) ^ P1)
                ^ Mum(Read64(ref start, 16) ^ P2, Read64(ref start, 24) ^ P3)
                ^ Mum(Read64(ref start, length - 32) ^ P4, Read64(ref start, length - 24) ^ P5)
                ^ Mum(Read64(ref start, length - 16) ^ P6, Read64(ref start, length - 8) ^ P7);
        }
        else
        {
            hash = Long(ref start, length);
        }

        return (uint)Mum(hash, P1 ^ length);
    }

    private static ulong Long(ref byte start, nuint length)
    {
        // The first and the last 32 bytes (overlapping below 64), then every whole 32 bytes between them, each
        // block mixed with its offset so that reordered blocks hash differently.
        var hash = Mum(Read64(ref start, 0) ^ P0, Read64(ref start, 8) ^ P1)
            ^ Mum(Read64(ref start, 16) ^ P2, Read64(ref start, 24) ^ P3)
            ^ Mum(Read64(ref start, length - 32) ^ P4, Read64(ref start, length - 24) ^ P5)
            ^ Mum(Read64(ref start, length - 16) ^ P6, Read64(ref start, length - 8) ^ P7);
        for (nuint i = 32; i + 32 < length; i += 32)
        {
            hash ^= Mum(Read64(ref start, i) ^ (P0 + i), Read64(ref start, i + 8) ^ (P1 - i))
                ^ Mum(Read64(ref start, i + 16) ^ (P2 + i), Read64(ref start, i + 24) ^ (P3 - i));
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mum(ulong x, ulong y)
    {
        var product = Math.BigMul(x, y);
        return (ulong)(product >> 64) ^ (ulong)product;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read64(ref byte start, nuint offset) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read32(ref byte start, nuint offset) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
}
