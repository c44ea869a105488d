using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A constraint with Unleash's semantics: the field is resolved as Unleash resolves it (<c>userId</c> is the
/// targeting key) and reaches the operator as JavaScript's <c>String(value)</c> (or, for the strategies' own tests,
/// only when it is a string); the operator decides what a missing value means, and <c>inverted</c> (negate) inverts
/// every result, a missing value's included.
/// </summary>
internal sealed class UnleashClause<TMatcher>(string field, bool negate, bool rawStrings, TMatcher matcher) : Clause
    where TMatcher : struct, IUnleashMatcher
{
    private readonly TMatcher _matcher = matcher;
    private readonly int _hash = AttributeTable.Hash(field);

    public override bool Matches(EvaluationContext context)
    {
        var value = UnleashContext.Field(context, field, _hash);
        bool matched;
        if (rawStrings)
        {
            matched = value.TryGetString(out var text) ? _matcher.Matches(text, present: true) : _matcher.Matches(default, present: false);
        }
        else if (value.Kind <= ContextValueKind.Null)
        {
            matched = _matcher.Matches(default, present: false);
        }
        else
        {
            Span<char> buffer = stackalloc char[JsString.BufferLength];
            matched = _matcher.Matches(JsString.Of(value, buffer), present: true);
        }

        return matched != negate;
    }
}

/// <summary>One of Unleash's operators on the text of a field (or its absence).</summary>
internal interface IUnleashMatcher
{
    bool Matches(ReadOnlySpan<char> text, bool present);
}
