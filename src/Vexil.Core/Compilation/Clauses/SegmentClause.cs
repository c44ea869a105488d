using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>segmentMatch</c>: the context is in one of the segments (no attribute is read).</summary>
internal sealed class SegmentClause(bool negate, CompiledSegment[] segments) : Clause
{
    public override bool Matches(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    public override MatchResult Evaluate(EvaluationContext context)
    {
        foreach (var segment in segments)
        {
            var result = segment.Evaluate(context);
            if (result == MatchResult.Error)
            {
                return MatchResult.Error;
            }

            if (result == MatchResult.Match)
            {
                return negate ? MatchResult.NoMatch : MatchResult.Match;
            }
        }

        return negate ? MatchResult.Match : MatchResult.NoMatch;
    }
}
