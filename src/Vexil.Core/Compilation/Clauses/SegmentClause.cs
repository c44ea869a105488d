using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>segmentMatch</c>: the context is in one of the segments (no attribute is read).</summary>
internal sealed class SegmentClause(bool negate, CompiledSegment[] segments) : Clause
{
    public override bool Matches(EvaluationContext context)
    {
        foreach (var segment in segments)
        {
            if (segment.Contains(context))
            {
                return !negate;
            }
        }

        return negate;
    }
}
