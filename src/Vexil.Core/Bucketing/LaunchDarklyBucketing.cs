using System.Buffers;
using System.Text;

namespace Vexil.Core.Bucketing;

/// <summary>
/// Bucketing algorithm <c>launchdarkly-v1</c> (docs/bucketing.md#launchdarkly-v1): LaunchDarkly's. The hash is
/// SHA-1 of UTF-8(<c>salt.value</c>), where the salt is <c>flagKey.flagSalt</c> (a segment's: <c>segmentKey.segmentSalt</c>)
/// or a rollout's seed; its first 15 hex digits (60 bits) are read as a number, rounded to a double as JavaScript's
/// <c>parseInt</c> rounds it, and divided by <c>0xFFFFFFFFFFFFFFF</c> (which, as a double, is 2⁶⁰): a bucket in
/// [0, 1]. Variations are chosen by LaunchDarkly's walk: a running sum of <c>weight / 100000.0</c> in doubles, the first
/// variation whose sum exceeds the bucket, else the last listed one. Frozen: golden vectors pin it.
/// </summary>
public static class LaunchDarklyBucketing
{
    /// <summary>The algorithm's name in rollouts.</summary>
    public const string AlgorithmName = "launchdarkly-v1";

    /// <summary>2⁶⁰: <c>0xFFFFFFFFFFFFFFF</c> as a double.</summary>
    private const double Scale = 1152921504606846976.0;

    private const int StackLimit = 512;

    /// <summary>The first 60 bits of SHA-1(UTF-8(salt ‖ '.' ‖ value)): the first 15 hex digits LaunchDarkly reads.</summary>
    public static ulong Hash(ReadOnlySpan<char> salt, ReadOnlySpan<char> value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(salt.Length + value.Length + 1);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(salt, buffer);
            buffer[length++] = (byte)'.';
            length += Encoding.UTF8.GetBytes(value, buffer[length..]);
            return Sha1.First64(buffer[..length]) >> 4;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The bucket in [0, 1] of a 60-bit hash: <c>parseInt(hex, 16) / 0xFFFFFFFFFFFFFFF</c> in doubles.</summary>
    public static double ToBucket(ulong hash) => (long)hash / Scale;

    /// <summary>The bucket of a value under a salt (or seed).</summary>
    public static double Bucket(ReadOnlySpan<char> salt, ReadOnlySpan<char> value) => ToBucket(Hash(salt, value));

    /// <summary>LaunchDarkly's walk: the index (into <paramref name="weights"/>) of the chosen entry.</summary>
    /// <param name="bucket">A bucket from <see cref="Bucket"/> (0 when the context has no value to bucket by).</param>
    /// <param name="weights">The weights in LaunchDarkly's units (100,000 = 100%), in their order.</param>
    public static int Choose(double bucket, ReadOnlySpan<int> weights)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] / 100000.0;
            if (bucket < sum)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
