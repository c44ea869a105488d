using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A clause on one attribute. Reads the attribute, tests each element of a list attribute (any match suffices),
/// then applies negation. A missing or null attribute never matches, negated or not. Generic over a struct
/// matcher so the JIT specialises and inlines each operator: one virtual call per clause.
/// </summary>
internal sealed class AttributeClause<TMatcher>(AttributePath attribute, bool negate, TMatcher matcher) : Clause
    where TMatcher : struct, IValueMatcher
{
    private readonly TMatcher _matcher = matcher;
    private readonly AttributePath _attribute = attribute;
    private readonly bool _negate = negate;

    // Most clauses read one top-level attribute: look it up directly, without walking a path.
    private readonly bool _simple = attribute.IsSimple;
    private readonly string _name = attribute.Head;
    private readonly int _hash = attribute.HeadHash;

    public override bool Matches(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    public override MatchResult Evaluate(EvaluationContext context)
    {
        ContextValue value;
        if (_simple)
        {
            context.TryGetAttribute(_name, _hash, out value);
        }
        else
        {
            value = _attribute.Resolve(context);
        }

        if (value.Kind <= ContextValueKind.Null)
        {
            return MatchResult.NoMatch;
        }

        var matched = MatchResult.NoMatch;
        if (value.Kind == ContextValueKind.List)
        {
            foreach (ref readonly var item in value.AsList)
            {
                matched = MatchOne(item);
                if (matched != MatchResult.NoMatch)
                {
                    break;
                }
            }
        }
        else
        {
            matched = MatchOne(value);
        }

        // A clause that could not decide stays undecided: negating "unknown" must not make it a match.
        return matched == MatchResult.Error ? MatchResult.Error
            : (matched == MatchResult.Match) != _negate ? MatchResult.Match : MatchResult.NoMatch;
    }

    /// <summary>Only regular expressions can fail to decide; the JIT drops the check for every other matcher.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private MatchResult MatchOne(in ContextValue value)
    {
        if (typeof(TMatcher) == typeof(RegexMatcher))
        {
            return System.Runtime.CompilerServices.Unsafe.As<TMatcher, RegexMatcher>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in _matcher)).Match(value);
        }

        return _matcher.Matches(value) ? MatchResult.Match : MatchResult.NoMatch;
    }
}
