using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>before</c> and <c>after</c>: RFC 3339 strings or Unix milliseconds.</summary>
internal readonly struct DateMatcher(bool before, double[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!DateValue.TryGetUnixMilliseconds(value, out var time))
        {
            return false;
        }

        foreach (var candidate in values)
        {
            if (before ? time < candidate : time > candidate)
            {
                return true;
            }
        }

        return false;
    }
}
