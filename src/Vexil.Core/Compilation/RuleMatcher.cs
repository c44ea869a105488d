using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>ANDs a rule's clauses.</summary>
internal static class RuleMatcher
{
    public static bool AllMatch(Clause[] clauses, EvaluationContext context)
    {
        foreach (var clause in clauses)
        {
            if (!clause.Matches(context))
            {
                return false;
            }
        }

        return true;
    }
}
