using System.Text.RegularExpressions;
using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>matches</c>: a regular expression (non-backtracking engine, bounded match time).</summary>
internal readonly struct RegexMatcher(Regex[] patterns) : IValueMatcher
{
    public bool Matches(in ContextValue value) => Match(value) == MatchResult.Match;

    /// <summary>Like <see cref="Matches"/>, but a pattern that hits its time bound is <see cref="MatchResult.Error"/>.</summary>
    public MatchResult Match(in ContextValue value)
    {
        if (!value.TryGetString(out var text))
        {
            return MatchResult.NoMatch;
        }

        foreach (var pattern in patterns)
        {
            if (!SafeRegex.TryIsMatch(pattern, text, out var matched))
            {
                return MatchResult.Error;
            }

            if (matched)
            {
                return MatchResult.Match;
            }
        }

        return MatchResult.NoMatch;
    }
}
