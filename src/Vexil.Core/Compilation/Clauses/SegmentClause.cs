using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>segmentMatch</c>: the context is in one of the segments (the attribute is not read).</summary>
internal sealed class SegmentClause(bool negate, CompiledSegment[] segments) : Clause(AttributePath.TargetingKey, negate)
{
    private readonly bool _negate = negate;

    public override bool Matches(EvaluationContext context)
    {
        foreach (var segment in segments)
        {
            if (segment.Contains(context))
            {
                return !_negate;
            }
        }

        return _negate;
    }

    protected override bool MatchesValue(in ContextValue value) => false;
}
