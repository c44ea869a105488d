using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>before</c> and <c>after</c>: RFC 3339 strings or Unix milliseconds.</summary>
internal sealed class DateClause(AttributePath attribute, bool negate, bool before, double[] values) : Clause(attribute, negate)
{
    protected override bool MatchesValue(in ContextValue value)
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
