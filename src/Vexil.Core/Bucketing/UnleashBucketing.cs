using System.Buffers;

namespace Vexil.Core.Bucketing;

/// <summary>
/// Unleash's normalized MurmurHash3 (docs/bucketing.md#unleash-v1), as the Node SDK (unleash-client) computes it:
/// MurmurHash3 x86-32 of <c>groupId:value</c>, where each UTF-16 code unit of that text contributes its low 8 bits
/// (the <c>murmurhash3js</c> package's reading of a string), with seed 0 for strategies (<c>unleash-v1</c>) and
/// 86028157 for variants (<c>unleash-variant-v1</c>); the normalized value is <c>hash % n + 1</c>. Frozen: golden
/// vectors pin it.
/// </summary>
public static class UnleashBucketing
{
    /// <summary>The strategies' algorithm (Unleash's <c>normalizedStrategyValue</c>, seed 0, n = 100).</summary>
    public const string AlgorithmName = "unleash-v1";

    /// <summary>The variants' algorithm (Unleash's <c>normalizedVariantValue</c>, seed 86028157, n = the total weight).</summary>
    public const string VariantAlgorithmName = "unleash-variant-v1";

    /// <summary>The seed of variant hashing.</summary>
    public const uint VariantSeed = 86028157;

    private const int StackLimit = 512;

    /// <summary>The 32-bit hash of <c>groupId:value</c> with a seed.</summary>
    public static uint Hash(ReadOnlySpan<char> groupId, ReadOnlySpan<char> value, uint seed)
    {
        var length = groupId.Length + 1 + value.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var i = 0;
            foreach (var c in groupId)
            {
                buffer[i++] = (byte)c;
            }

            buffer[i++] = (byte)':';
            foreach (var c in value)
            {
                buffer[i++] = (byte)c;
            }

            return MurmurHash3.Hash32(buffer[..length], seed);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Unleash's normalized value <c>hash % n + 1</c>, in [1, n].</summary>
    public static int Normalize(uint hash, int n) => (int)(hash % (uint)n) + 1;
}
