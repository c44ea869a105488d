using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed class SemanticVersionTests
{
    [Fact]
    public void CompareTo_SemVerSpecPrecedenceChain_IsStrictlyIncreasing()
    {
        string[] chain =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "2.1.0", "2.1.1",
        ];

        for (var i = 0; i < chain.Length; i++)
        {
            for (var j = 0; j < chain.Length; j++)
            {
                var left = Parse(chain[i]);
                var right = Parse(chain[j]);
                Assert.Equal(i.CompareTo(j), Math.Sign(left.CompareTo(right)));
                Assert.Equal(i == j, left == right);
                Assert.Equal(i < j, left < right);
                Assert.Equal(i >= j, left >= right);
            }
        }
    }

    [Theory]
    [InlineData("1.0.0-1", "1.0.0-a")] // numeric < alphanumeric
    [InlineData("1.0.0-2", "1.0.0-10")] // numeric compared numerically
    [InlineData("1.0.0-B", "1.0.0-a")] // ASCII ordinal
    [InlineData("1.0.0-a.b", "1.0.0-a-b")] // identifiers "a" < "a-b"
    [InlineData("1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000")]
    [InlineData("9.0.0", "10.0.0")]
    [InlineData("1.0.0-rc.1", "1.0.0-rc.1.0")]
    public void CompareTo_Pairs_LeftPrecedesRight(string left, string right)
    {
        Assert.True(Parse(left) < Parse(right));
        Assert.True(Parse(right) > Parse(left));
    }

    [Theory]
    [InlineData("1.0.0-a-b")]
    public void CompareTo_HyphenInIdentifier_IsAlphanumeric(string text) =>
        Assert.True(Parse(text) > Parse("1.0.0-a"));

    [Theory]
    [InlineData("0.0.0", 0UL, 0UL, 0UL, "")]
    [InlineData("1.2.3", 1UL, 2UL, 3UL, "")]
    [InlineData("v1.2.3", 1UL, 2UL, 3UL, "")]
    [InlineData("V10.20.30-rc.1+build.5", 10UL, 20UL, 30UL, "rc.1")]
    [InlineData("1.0.0-0A.is.legal", 1UL, 0UL, 0UL, "0A.is.legal")]
    [InlineData("1.0.0+0.build.1-rc.10000aaa-kk-0.1", 1UL, 0UL, 0UL, "")]
    [InlineData("1.0.0--", 1UL, 0UL, 0UL, "-")]
    [InlineData("18446744073709551615.0.0", ulong.MaxValue, 0UL, 0UL, "")]
    public void TryParse_Valid_ReadsParts(string text, ulong major, ulong minor, ulong patch, string prerelease)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version));
        Assert.Equal(major, version.Major);
        Assert.Equal(minor, version.Minor);
        Assert.Equal(patch, version.Patch);
        Assert.Equal(prerelease, version.Prerelease.ToString());
        Assert.Equal(prerelease.Length > 0, version.IsPrerelease);
        Assert.Equal(text, version.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.00.0")]
    [InlineData("1.0.01")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-alpha..1")]
    [InlineData("1.0.0-alpha.")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0+build.")]
    [InlineData("1.0.0-al_pha")]
    [InlineData(" 1.0.0")]
    [InlineData("1.0.0 ")]
    [InlineData("1 .0.0")]
    [InlineData("vv1.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("-1.0.0")]
    [InlineData("1.0.0-β")]
    [InlineData("18446744073709551616.0.0")]
    [InlineData("1.99999999999999999999.0")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(SemanticVersion.TryParse(text, out var version));
        Assert.Equal(default, version);
    }

    [Fact]
    public void Equals_BuildMetadata_IsIgnored()
    {
        var a = Parse("1.0.0-rc.1+build.1");
        var b = Parse("1.0.0-rc.1+build.2");
        Assert.Equal(a, b);
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(Parse("1.0.0+zzz") > Parse("1.0.0-rc.1+zzz"));
    }

    [Fact]
    public void Equals_LeadingV_IsIgnored() => Assert.Equal(Parse("v1.2.3"), Parse("1.2.3"));

    [Theory]
    [InlineData("1", "1.0.0")]
    [InlineData("v2", "2.0.0")]
    [InlineData("1.2", "1.2.0")]
    [InlineData("1.2.3-rc.1", "1.2.3-rc.1")]
    public void TryParseLenient_ShortForms_FillZeros(string text, string expected)
    {
        Assert.True(SemanticVersion.TryParseLenient(text, out var version));
        Assert.Equal(Parse(expected), version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.")]
    [InlineData("1.2.")]
    [InlineData("01")]
    [InlineData("1.02")]
    [InlineData("1-rc.1")]
    [InlineData("1.2-rc.1")]
    [InlineData("1.2+build")]
    public void TryParseLenient_Invalid_ReturnsFalse(string text) =>
        Assert.False(SemanticVersion.TryParseLenient(text, out _));

    [Fact]
    public void Default_IsZero()
    {
        SemanticVersion version = default;
        Assert.Equal(Parse("0.0.0"), version);
        Assert.True(version.Prerelease.IsEmpty);
        Assert.Equal("0.0.0", version.ToString());
    }

    [Fact]
    public void TryParseAndCompareTo_DoNotAllocate()
    {
        var a = Parse("1.0.0-beta.11");
        var b = Parse("1.0.0-beta.2");
        _ = a.CompareTo(b) + a.GetHashCode();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1_000; n++)
        {
            SemanticVersion.TryParse("v1.2.3-rc.1+build", out _);
            SemanticVersion.TryParse("1.0.0-01", out _);
            _ = a.CompareTo(b);
            _ = a.GetHashCode();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static SemanticVersion Parse(string text)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version), text);
        return version;
    }
}
