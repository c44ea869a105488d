using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>A compiled clause: a test of a context.</summary>
internal abstract class Clause
{
    public abstract bool Matches(EvaluationContext context);
}
