using System.Buffers;
using System.Text;

namespace Vexil.Core.Bucketing;

/// <summary>
/// Bucketing algorithm <c>flagd-fractional-v2</c>: flagd's <c>fractional</c> (bucketing version 2), so that flags
/// imported from flagd keep every assignment. MurmurHash3 x86-32 with seed 0 over UTF-8(salt) ‖ UTF-8(value) (no
/// separator: flagd hashes the flag key followed by the targeting key); bucket = ⌊hash × 100,000 / 2³²⌋. Weights
/// that flagd wrote in any total keep their exact boundaries when scaled to 100,000 (flagd's bucket is
/// ⌊hash × total / 2³²⌋, and <c>bucket &lt; c</c> ⇔ <c>hash &lt; c × 2³² / total</c>). The value must be a string
/// (an empty one included); a missing or non-string value has no bucket, as in flagd.
/// </summary>
public sealed class FlagdFractionalBucketing : BucketingAlgorithm
{
    /// <summary>The algorithm's name in rollouts.</summary>
    public const string AlgorithmName = "flagd-fractional-v2";

    private const int StackLimit = 512;

    private FlagdFractionalBucketing()
    {
    }

    /// <summary>The one instance.</summary>
    public static FlagdFractionalBucketing Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => AlgorithmName;

    /// <inheritdoc />
    public override Bucketer ForSalt(string salt) => new SaltedBucketer(salt);

    /// <summary>flagd's 32-bit hash of salt followed by value.</summary>
    public static uint Hash(ReadOnlySpan<char> salt, ReadOnlySpan<char> value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(salt.Length + value.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(salt, buffer);
            length += Encoding.UTF8.GetBytes(value, buffer[length..]);
            return MurmurHash3.Hash32(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Maps a hash onto [0, 100,000) as flagd maps it onto [0, total).</summary>
    public static int ToBucket(uint hash) => (int)(((ulong)hash * BucketCount) >> 32);

    private sealed class SaltedBucketer(string salt) : Bucketer
    {
        public override bool StringValuesOnly => true;

        public override int Bucket(ReadOnlySpan<char> value) => ToBucket(Hash(salt, value));
    }
}
