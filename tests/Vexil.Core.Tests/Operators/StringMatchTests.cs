using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed class StringMatchTests
{
    [Theory]
    [InlineData("user@example.com", "user", false, true)]
    [InlineData("user@example.com", "USER", false, false)]
    [InlineData("user@example.com", "USER", true, true)]
    [InlineData("user@example.com", "", false, true)]
    [InlineData("ab", "abc", false, false)]
    [InlineData(null, "a", false, false)]
    [InlineData("a", null, false, false)]
    public void StartsWith_Cases(string? value, string? prefix, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, StringMatch.StartsWith(value, prefix, ignoreCase));

    [Theory]
    [InlineData("user@example.com", "@example.com", false, true)]
    [InlineData("user@Example.com", "@example.com", false, false)]
    [InlineData("user@Example.com", "@EXAMPLE.COM", true, true)]
    [InlineData("user@example.com", "@example.org", true, false)]
    [InlineData(null, "a", true, false)]
    public void EndsWith_Cases(string? value, string? suffix, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, StringMatch.EndsWith(value, suffix, ignoreCase));

    [Theory]
    [InlineData("enterprise-plan", "rise", false, true)]
    [InlineData("enterprise-plan", "RISE", false, false)]
    [InlineData("enterprise-plan", "RISE", true, true)]
    [InlineData("enterprise-plan", "free", true, false)]
    [InlineData("Straße", "STRASSE", true, false)] // ordinal: no linguistic expansion
    [InlineData("ÄRGER", "ärger", true, true)]
    [InlineData("a\u0301", "\u00e1", false, false)] // ordinal: no normalization
    public void Contains_Cases(string value, string part, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, StringMatch.Contains(value, part, ignoreCase));

    [Fact]
    public void IgnoreCase_TurkishI_UsesInvariantMapping()
    {
        Assert.True(StringMatch.Contains("TITLE", "title", ignoreCase: true));
        Assert.False(StringMatch.Contains("\u0130", "i", ignoreCase: true)); // capital I with dot is not 'i'
    }
}
