using System.Buffers.Binary;
using System.Numerics;

namespace Vexil.Core.Bucketing;

/// <summary>
/// SHA-1 (FIPS 180-4) of a byte span, for <c>launchdarkly-v1</c> bucketing: a managed one-shot that neither allocates
/// nor crosses into the platform's crypto library (several times cheaper for bucketing's short inputs). Bucketing is
/// not a security use; the golden vectors check it against Node's SHA-1.
/// </summary>
internal static class Sha1
{
    /// <summary>The first 8 bytes of the digest, big-endian.</summary>
    public static ulong First64(ReadOnlySpan<byte> data)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        Span<uint> w = stackalloc uint[80];
        var full = data.Length / 64;
        for (var block = 0; block < full; block++)
        {
            Compress(data.Slice(block * 64, 64), w, ref h0, ref h1, ref h2, ref h3, ref h4);
        }

        // The tail, 0x80, zeros, and the length in bits: one or two more blocks.
        Span<byte> last = stackalloc byte[128];
        last.Clear();
        var tail = data[(full * 64)..];
        tail.CopyTo(last);
        last[tail.Length] = 0x80;
        var blocks = tail.Length + 9 <= 64 ? 1 : 2;
        BinaryPrimitives.WriteUInt64BigEndian(last.Slice((blocks * 64) - 8, 8), (ulong)data.Length * 8);
        for (var block = 0; block < blocks; block++)
        {
            Compress(last.Slice(block * 64, 64), w, ref h0, ref h1, ref h2, ref h3, ref h4);
        }

        return ((ulong)h0 << 32) | h1;
    }

    private static void Compress(ReadOnlySpan<byte> block, Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        for (var i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(i * 4, 4));
        }

        for (var i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = h0, b = h1, c = h2, d = h3, e = h4;
        for (var i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            }
            else if (i < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            }
            else if (i < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }

            var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        h0 += a;
        h1 += b;
        h2 += c;
        h3 += d;
        h4 += e;
    }
}
