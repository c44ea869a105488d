using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed class SafeRegexTests
{
    [Fact]
    public void TryCreate_SimplePattern_Matches()
    {
        Assert.True(SafeRegex.TryCreate("^user-[0-9]+$", out var regex, out var error));
        Assert.Null(error);
        Assert.True(SafeRegex.IsMatch(regex, "user-42"));
        Assert.False(SafeRegex.IsMatch(regex, "user-x"));
        Assert.False(SafeRegex.IsMatch(regex, null));
        Assert.Equal(SafeRegex.MatchTimeout, regex.MatchTimeout);
        Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
    }

    [Fact]
    public void IsMatch_CatastrophicPattern_CompletesInLinearTime()
    {
        Assert.True(SafeRegex.TryCreate("(a+)+$", out var regex, out _));
        // 64 characters: a backtracking engine needs about 2^64 steps to refuse this input, the linear engine a few
        // hundred. (Inputs of tens of thousands of characters measured the machine against the 100 ms match
        // timeout instead: under load the lazily built automaton alone could take longer.)
        var noMatch = new string('a', 64) + "!";
        var match = new string('a', 64);

        // Regex.IsMatch throws on timeout, so these prove the engine finished rather than gave up.
        Assert.DoesNotMatch(regex, noMatch);
        Assert.Matches(regex, match);
        Assert.False(SafeRegex.IsMatch(regex, noMatch));
    }

    [Theory]
    [InlineData(@"(a)\1")]
    [InlineData(@"(?<x>a)\k<x>")]
    [InlineData("a(?=b)")]
    [InlineData("a(?!b)")]
    [InlineData("(?<=a)b")]
    [InlineData("(?<!a)b")]
    [InlineData("(?>a+)b")]
    [InlineData("(?(a)a|b)")]
    public void TryCreate_ConstructNotAllowed_ReturnsClearError(string pattern)
    {
        Assert.False(SafeRegex.TryCreate(pattern, out var regex, out var error));
        Assert.Null(regex);
        Assert.StartsWith("regular expression uses a construct that is not allowed: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(")]
    [InlineData("[a-")]
    [InlineData("a{2,1}")]
    public void TryCreate_InvalidSyntax_ReturnsError(string pattern)
    {
        Assert.False(SafeRegex.TryCreate(pattern, out var regex, out var error));
        Assert.Null(regex);
        Assert.StartsWith("regular expression is invalid: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_TooLong_ReturnsError()
    {
        Assert.True(SafeRegex.TryCreate(new string('a', SafeRegex.MaxPatternLength), out _, out _));
        Assert.False(SafeRegex.TryCreate(new string('a', SafeRegex.MaxPatternLength + 1), out var regex, out var error));
        Assert.Null(regex);
        Assert.Contains("longer than 1000 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_Null_ReturnsError() => Assert.False(SafeRegex.TryCreate(null, out _, out _));
}
