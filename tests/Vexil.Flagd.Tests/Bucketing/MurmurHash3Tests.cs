using System.Text;
using Vexil.Core.Bucketing;
using Vexil.Flagd.Bucketing;

namespace Vexil.Flagd.Tests.Bucketing;

/// <summary>Golden vectors of MurmurHash3 x86-32 (Appleby's reference). Do not change these values.</summary>
public sealed class MurmurHash3Tests
{
    [Theory]
    [InlineData("", 0u, 0x00000000u)]
    [InlineData("", 1u, 0x514e28b7u)]
    [InlineData("", 0xffffffffu, 0x81f16f39u)]
    [InlineData("a", 0u, 0x3c2569b2u)]
    [InlineData("ab", 0u, 0x9bbfd75fu)]
    [InlineData("abc", 0u, 0xb3dd93fau)]
    [InlineData("abcd", 0u, 0x43ed676au)]
    [InlineData("hello", 0u, 0x248bfa47u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0u, 0x2e4ff723u)]
    [InlineData("héllo wörld €", 0u, 0x1b76f25cu)]
    public void Hash32_KnownVector_MatchesReference(string text, uint seed, uint expected)
    {
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), seed));
    }

    [Fact]
    public void Hash_TwoParts_EqualsHashOfTheirConcatenation()
    {
        Assert.Equal(MurmurHash3.Hash32("fractional-flagjack"u8), FractionalBucketer.Hash("fractional-flag", "jack"));
        Assert.Equal(0x9fe843e0u, FractionalBucketer.Hash("fractional-flag", "jack"));
    }

    [Fact]
    public void Hash_LongValue_UsesAPooledBufferAndMatches()
    {
        var text = new string('x', 2000);
        Assert.Equal(MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text)), FractionalBucketer.Hash(text, default));
    }

    [Theory]
    [InlineData(0u, 100ul, 0ul)]
    [InlineData(0xffffffffu, 100ul, 99ul)]
    [InlineData(0x80000000u, 100ul, 50ul)]
    [InlineData(0x7fffffffu, 100ul, 49ul)]
    [InlineData(0xffffffffu, 1ul, 0ul)]
    public void Bucket_IsHashTimesTotalShiftedRight32(uint hash, ulong total, ulong expected)
    {
        Assert.Equal(expected, FractionalBucketer.Bucket(hash, total));
    }
}
