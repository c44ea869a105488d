using System.Text.RegularExpressions;
using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>matches</c>: a regular expression (non-backtracking engine, bounded match time).</summary>
internal readonly struct RegexMatcher(Regex[] patterns) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!value.TryGetString(out var text))
        {
            return false;
        }

        foreach (var pattern in patterns)
        {
            if (SafeRegex.IsMatch(pattern, text))
            {
                return true;
            }
        }

        return false;
    }
}
