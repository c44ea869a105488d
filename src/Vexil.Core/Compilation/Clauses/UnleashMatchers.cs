using System.Text.RegularExpressions;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>unleash:IN</c>, <c>unleash:NOT_IN</c> (and the strategies' user lists): strict equality with one of the values.</summary>
internal readonly struct UnleashInMatcher(string[] values, bool notIn) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        var found = false;
        if (present)
        {
            foreach (var value in values)
            {
                if (text.SequenceEqual(value))
                {
                    found = true;
                    break;
                }
            }
        }

        return found != notIn;
    }
}

/// <summary><c>unleash:STR_STARTS_WITH</c>, <c>unleash:STR_ENDS_WITH</c>, <c>unleash:STR_CONTAINS</c>, optionally with JavaScript's lower-casing of both sides.</summary>
internal readonly struct UnleashStringMatcher(StringTest test, bool caseInsensitive, string[] values) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        if (!present)
        {
            return false;
        }

        if (!caseInsensitive)
        {
            return Any(text);
        }

        var length = JsText.MaxLowerLength(text.Length);
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[512] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
        try
        {
            return Any(buffer[..JsText.ToLower(text, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private bool Any(ReadOnlySpan<char> text)
    {
        foreach (var value in values)
        {
            var hit = test switch
            {
                StringTest.StartsWith => text.StartsWith(value, StringComparison.Ordinal),
                StringTest.EndsWith => text.EndsWith(value, StringComparison.Ordinal),
                _ => text.IndexOf(value, StringComparison.Ordinal) >= 0,
            };
            if (hit)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>unleash:NUM_*</c>: JavaScript's <c>Number()</c> of the text against the value; NaN never matches.</summary>
internal readonly struct UnleashNumberMatcher(Comparison comparison, double value) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        var number = present ? JsNumber.Parse(text) : double.NaN;
        if (double.IsNaN(number) || double.IsNaN(value))
        {
            return false;
        }

        return comparison switch
        {
            Comparison.Equal => number == value,
            Comparison.Less => number < value,
            Comparison.LessOrEqual => number <= value,
            Comparison.Greater => number > value,
            _ => number >= value,
        };
    }
}

/// <summary><c>unleash:SEMVER_*</c>: npm semver, a context version with a leading <c>v</c> refused; an invalid constraint value never matches.</summary>
internal readonly struct UnleashSemVerMatcher(Comparison comparison, NpmSemVer value, bool valid) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        if (!present || text.IsEmpty || !valid || text[0] == 'v')
        {
            return false;
        }

        return NpmSemVer.TryCompare(text, value, out var order) && comparison.Holds(order);
    }
}

/// <summary>
/// <c>unleash:REGEX</c>: a search for the pattern (RE2 syntax, translated to an equivalent .NET pattern by the
/// importer). A search that hits its time bound decides nothing (<see cref="MatchResult.Error"/>).
/// </summary>
internal readonly struct UnleashRegexMatcher(Regex regex) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present) => Match(text, present) == MatchResult.Match;

    /// <summary>Like <see cref="Matches"/>, but a search that hits its time bound is <see cref="MatchResult.Error"/>.</summary>
    public MatchResult Match(ReadOnlySpan<char> text, bool present)
    {
        if (!present)
        {
            return MatchResult.NoMatch;
        }

        try
        {
            return regex.IsMatch(text) ? MatchResult.Match : MatchResult.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return MatchResult.Error;
        }
    }
}
