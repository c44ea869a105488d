using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Vexil.Core.Bucketing;

/// <summary>
/// Bucketing algorithm <c>vexil-v1</c> (docs/bucketing.md): XXH3-64 with seed 0 over
/// UTF-8(salt) ‖ 0x00 ‖ UTF-8(value); bucket = ⌊hash × 100,000 / 2⁶⁴⌋ (the high 64 bits of a 128-bit product).
/// Frozen: golden vectors in the tests pin every output; a change of any kind is a new algorithm name.
/// </summary>
public sealed class VexilV1Bucketing : BucketingAlgorithm
{
    /// <summary>The algorithm's name in rollouts.</summary>
    public const string AlgorithmName = "vexil-v1";

    private const int StackLimit = 512;

    private VexilV1Bucketing()
    {
    }

    /// <summary>The one instance.</summary>
    public static VexilV1Bucketing Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => AlgorithmName;

    /// <inheritdoc />
    public override int Bucket(string salt, ReadOnlySpan<char> value) => ToBucket(Hash(salt, value));

    /// <summary>The 64-bit hash behind a bucket (exposed for the golden vectors).</summary>
    public static ulong Hash(string salt, ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(salt.Length + value.Length) + 1;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(salt, buffer);
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(value, buffer[written..]);
            return XxHash3.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Maps a 64-bit hash onto [0, 100,000) by multiply-high: every bucket gets ⌊2⁶⁴/100,000⌋ or one more hash values.</summary>
    public static int ToBucket(ulong hash) => (int)Math.BigMul(hash, (ulong)BucketCount, out _);
}
