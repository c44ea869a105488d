using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

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

    private const int StackLimit = 256;

    private VexilV1Bucketing()
    {
    }

    /// <summary>The one instance.</summary>
    public static VexilV1Bucketing Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => AlgorithmName;

    /// <inheritdoc />
    public override Bucketer ForSalt(string salt) => new SaltedBucketer(Prefix(salt));

    /// <summary>The 64-bit hash behind a bucket (exposed for the golden vectors).</summary>
    public static ulong Hash(string salt, ReadOnlySpan<char> value) => Hash(Prefix(salt), value);

    /// <summary>Maps a 64-bit hash onto [0, 100,000) by multiply-high: every bucket gets ⌊2⁶⁴/100,000⌋ or one more hash values.</summary>
    public static int ToBucket(ulong hash) => (int)Math.BigMul(hash, (ulong)BucketCount, out _);

    private static byte[] Prefix(string salt)
    {
        var prefix = new byte[Encoding.UTF8.GetByteCount(salt) + 1];
        Encoding.UTF8.GetBytes(salt, prefix);
        return prefix;
    }

    private static ulong Hash(byte[] prefix, ReadOnlySpan<char> value)
    {
        // At most 3 UTF-8 bytes per UTF-16 code unit.
        var length = prefix.Length + (value.Length * 3);
        if (length > StackLimit)
        {
            return HashLong(prefix, value, length);
        }

        Span<byte> buffer = stackalloc byte[StackLimit];
        return HashInto(buffer, prefix, value);
    }

    private static ulong HashLong(byte[] prefix, ReadOnlySpan<char> value, int length)
    {
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            return HashInto(rented, prefix, value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ulong HashInto(Span<byte> buffer, byte[] prefix, ReadOnlySpan<char> value)
    {
        prefix.CopyTo(buffer);
        var target = buffer[prefix.Length..];
        if (Ascii.FromUtf16(value, target, out var written) != OperationStatus.Done)
        {
            // Not all ASCII: transcode, replacing unpaired surrogates with U+FFFD as Encoding.UTF8 does.
            Utf8.FromUtf16(value, target, out _, out written, replaceInvalidSequences: true);
        }

        return XxHash3.HashToUInt64(buffer[..(prefix.Length + written)]);
    }

    private sealed class SaltedBucketer(byte[] prefix) : Bucketer
    {
        public override int Bucket(ReadOnlySpan<char> value) => ToBucket(Hash(prefix, value));
    }
}
