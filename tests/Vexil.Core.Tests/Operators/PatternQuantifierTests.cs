using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

/// <summary>
/// Counted quantifiers in the vendors' patterns: a count with more digits than an int holds is over the limit and
/// refused with a reason, never an OverflowException (the Unleash fuzz property's finding, seed 9xDLCLkRd0h3: an
/// import answered 500).
/// </summary>
public sealed class PatternQuantifierTests
{
    [Theory]
    [InlineData("a{99999999999}")]
    [InlineData("a{1,99999999999}")]
    [InlineData("a{99999999999,}")]
    [InlineData("a{1001}")]
    public void HugeCounts_AreRefusedWithAReason(string pattern)
    {
        Assert.False(Re2Pattern.TryTranslate(pattern, caseInsensitive: false, out var translated, out var error));
        Assert.Null(translated);
        Assert.Contains("quantifier", error, StringComparison.Ordinal);

        Assert.False(EcmaScriptPattern.TryTranslate(pattern, caseInsensitive: false, out _, out var ecmaError));
        Assert.Contains("quantifier", ecmaError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a{3}")]
    [InlineData("a{0,1000}")]
    [InlineData("a{0010,}")]
    [InlineData("a{000000000001}")]
    public void CountsWithinTheLimit_Translate(string pattern) =>
        Assert.True(Re2Pattern.TryTranslate(pattern, caseInsensitive: false, out _, out var error), error);
}
