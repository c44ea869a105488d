using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>ANDs a rule's clauses.</summary>
internal static class RuleMatcher
{
    public static bool AllMatch(Clause[] clauses, EvaluationContext context) => Evaluate(clauses, context) == MatchResult.Match;

    /// <summary>Match when every clause matches; the first that does not match, or cannot decide, decides.</summary>
    public static MatchResult Evaluate(Clause[] clauses, EvaluationContext context)
    {
        foreach (var clause in clauses)
        {
            var result = clause.Evaluate(context);
            if (result != MatchResult.Match)
            {
                return result;
            }
        }

        return MatchResult.Match;
    }
}
