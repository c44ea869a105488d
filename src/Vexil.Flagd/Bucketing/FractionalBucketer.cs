using System.Buffers;
using System.Text;
using Vexil.Core.Bucketing;

namespace Vexil.Flagd.Bucketing;

/// <summary>
/// flagd's fractional bucketing, version 2: MurmurHash3 x86-32 with seed 0 over the UTF-8 bytes of the bucketing
/// value, then <c>bucket = (hash * totalWeight) &gt;&gt; 32</c>, an integer in <c>[0, totalWeight)</c>.
/// </summary>
internal static class FractionalBucketer
{
    private const int StackLimit = 512;

    /// <summary>Hashes the UTF-8 bytes of <paramref name="first"/> followed by those of <paramref name="second"/>.</summary>
    public static uint Hash(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var max = Encoding.UTF8.GetMaxByteCount(first.Length + second.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(first, buffer);
            length += Encoding.UTF8.GetBytes(second, buffer[length..]);
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

    /// <summary>The bucket of a hash for a total weight (at most <see cref="uint.MaxValue"/>).</summary>
    public static ulong Bucket(uint hash, ulong totalWeight) => ((ulong)hash * totalWeight) >> 32;
}
