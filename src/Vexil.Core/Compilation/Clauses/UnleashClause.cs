using System.Runtime.CompilerServices;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A constraint with Unleash's semantics: the field is resolved as Unleash resolves it (<c>userId</c> is the
/// targeting key) and reaches the operator as JavaScript's <c>String(value)</c> (or, for the strategies' own tests,
/// only when it is a string); the operator decides what a missing value means, and <c>inverted</c> (negate) inverts
/// every result, a missing value's included. A regular expression that hits its time bound leaves the constraint
/// undecided (<see cref="MatchResult.Error"/>), inverted or not.
/// </summary>
internal sealed class UnleashClause<TMatcher>(string field, bool negate, bool rawStrings, TMatcher matcher) : Clause
    where TMatcher : struct, IUnleashMatcher
{
    private readonly TMatcher _matcher = matcher;
    private readonly int _hash = AttributeTable.Hash(field);

    public override bool Matches(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    public override MatchResult Evaluate(EvaluationContext context)
    {
        var value = UnleashContext.Field(context, field, _hash);
        MatchResult matched;
        if (rawStrings)
        {
            matched = value.TryGetString(out var text) ? MatchOne(text, present: true) : MatchOne(default, present: false);
        }
        else if (value.Kind <= ContextValueKind.Null)
        {
            matched = MatchOne(default, present: false);
        }
        else
        {
            Span<char> buffer = stackalloc char[JsString.BufferLength];
            matched = MatchOne(JsString.Of(value, buffer), present: true);
        }

        return matched == MatchResult.Error ? MatchResult.Error : (matched == MatchResult.Match) != negate ? MatchResult.Match : MatchResult.NoMatch;
    }

    /// <summary>Only regular expressions can fail to decide; the JIT drops the check for every other matcher.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MatchResult MatchOne(ReadOnlySpan<char> text, bool present)
    {
        if (typeof(TMatcher) == typeof(UnleashRegexMatcher))
        {
            return Unsafe.As<TMatcher, UnleashRegexMatcher>(ref Unsafe.AsRef(in _matcher)).Match(text, present);
        }

        return _matcher.Matches(text, present) ? MatchResult.Match : MatchResult.NoMatch;
    }
}
