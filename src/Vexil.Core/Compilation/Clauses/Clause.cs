using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>A compiled clause: a test of a context.</summary>
internal abstract class Clause
{
    public abstract bool Matches(EvaluationContext context);

    /// <summary>Like <see cref="Matches"/>, but a clause that cannot decide (a regular expression's time bound) says so.</summary>
    public virtual MatchResult Evaluate(EvaluationContext context) => Matches(context) ? MatchResult.Match : MatchResult.NoMatch;
}
