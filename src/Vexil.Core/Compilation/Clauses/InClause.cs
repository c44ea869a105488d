using System.Collections.Frozen;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>in</c> (and <c>notIn</c>, as its negation): equality with one of the values, same JSON type.</summary>
internal sealed class InClause(AttributePath attribute, bool negate, FrozenSet<string> strings, FrozenSet<double> numbers, bool hasTrue, bool hasFalse)
    : Clause(attribute, negate)
{
    protected override bool MatchesValue(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.String => strings.Contains(value.AsString!),
        ContextValueKind.Number => numbers.Contains(value.AsNumber),
        ContextValueKind.Boolean => value.AsBoolean ? hasTrue : hasFalse,
        _ => false,
    };
}
