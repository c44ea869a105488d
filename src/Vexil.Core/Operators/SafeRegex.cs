using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Vexil.Core.Operators;

/// <summary>
/// Regular expressions for the <c>matches</c> operator: compiled once with the non-backtracking engine (linear
/// time, no catastrophic backtracking), culture-invariant, with a 100 ms match timeout.
/// </summary>
public static class SafeRegex
{
    /// <summary>The longest pattern accepted, in characters.</summary>
    public const int MaxPatternLength = 1_000;

    /// <summary>The match timeout.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>
    /// Compiles a pattern (.NET syntax). Returns false with a message when the pattern is too long, invalid, or
    /// uses a construct the non-backtracking engine refuses (backreferences, lookarounds, atomic groups, ...).
    /// Never throws.
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="regex">The compiled expression, or null on failure.</param>
    /// <param name="error">Why the pattern was refused, or null on success.</param>
    /// <returns>True when the pattern compiled.</returns>
    public static bool TryCreate(
        string? pattern,
        [NotNullWhen(true)] out Regex? regex,
        [NotNullWhen(false)] out string? error)
    {
        regex = null;
        if (pattern is null)
        {
            error = "regular expression is missing";
            return false;
        }

        if (pattern.Length > MaxPatternLength)
        {
            error = $"regular expression is longer than {MaxPatternLength} characters";
            return false;
        }

        try
        {
            regex = new Regex(pattern, Options, MatchTimeout);
            error = null;
            return true;
        }
        catch (NotSupportedException ex)
        {
            error = "regular expression uses a construct that is not allowed: " + ex.Message;
            return false;
        }
        catch (ArgumentException ex)
        {
            error = "regular expression is invalid: " + ex.Message;
            return false;
        }
    }

    /// <summary>Runs <paramref name="regex"/> on <paramref name="input"/>, telling a timeout apart from "no match".</summary>
    /// <param name="regex">An expression from <see cref="TryCreate"/>.</param>
    /// <param name="input">The text to match.</param>
    /// <param name="isMatch">Whether it matched (false after a timeout).</param>
    /// <returns>False when the match hit its time bound: then nothing is known.</returns>
    public static bool TryIsMatch(Regex regex, string input, out bool isMatch)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            isMatch = regex.IsMatch(input);
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            isMatch = false;
            return false;
        }
    }

    /// <summary>True when <paramref name="input"/> matches; false when it does not, is null, or the match times out.</summary>
    /// <param name="regex">An expression from <see cref="TryCreate"/>.</param>
    /// <param name="input">The text to match.</param>
    /// <returns>True on a match within the timeout.</returns>
    public static bool IsMatch(Regex regex, string? input)
    {
        if (input is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
