using System.Runtime.CompilerServices;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A clause on an attribute of the context of one kind, read as LaunchDarkly reads it: no such kind, or a missing
/// or null value, never matches (negated or not); a list matches when any element matches; <c>kind</c> tests each
/// of the context's kinds. A regular expression that hits its time bound (<c>ld:matches</c>) leaves the clause
/// undecided (<see cref="MatchResult.Error"/>), negated or not.
/// </summary>
internal sealed class KindedClause<TMatcher>(LaunchDarklyAttribute attribute, string kind, bool negate, TMatcher matcher) : Clause
    where TMatcher : struct, IValueMatcher
{
    private readonly TMatcher _matcher = matcher;

    public override bool Matches(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    public override MatchResult Evaluate(EvaluationContext context)
    {
        MatchResult matched;
        if (attribute.IsKind)
        {
            var visitor = new KindMatcher(_matcher);
            ContextKinds.AnyKind(context, ref visitor);
            return Negated(visitor.Result);
        }

        if (!ContextKinds.TryGetKind(context, kind, out var view) || !attribute.TryResolve(view, out var value) || value.Kind <= ContextValueKind.Null)
        {
            return MatchResult.NoMatch;
        }

        if (value.Kind == ContextValueKind.List)
        {
            matched = MatchResult.NoMatch;
            foreach (ref readonly var item in value.AsList)
            {
                matched = MatchOne(_matcher, item);
                if (matched != MatchResult.NoMatch)
                {
                    break;
                }
            }
        }
        else
        {
            matched = MatchOne(_matcher, value);
        }

        return Negated(matched);
    }

    private MatchResult Negated(MatchResult matched) =>
        matched == MatchResult.Error ? MatchResult.Error : (matched == MatchResult.Match) != negate ? MatchResult.Match : MatchResult.NoMatch;

    /// <summary>Only regular expressions can fail to decide; the JIT drops the check for every other matcher.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MatchResult MatchOne(in TMatcher matcher, in ContextValue value)
    {
        if (typeof(TMatcher) == typeof(RegexMatcher))
        {
            return Unsafe.As<TMatcher, RegexMatcher>(ref Unsafe.AsRef(in matcher)).Match(value);
        }

        return matcher.Matches(value) ? MatchResult.Match : MatchResult.NoMatch;
    }

    private struct KindMatcher(TMatcher matcher) : IKindVisitor
    {
        public MatchResult Result { get; private set; }

        public bool Visit(string kind)
        {
            Result = MatchOne(matcher, ContextValue.Of(kind));
            return Result != MatchResult.NoMatch;
        }
    }
}
