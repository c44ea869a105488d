using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A compiled clause. Reads its attribute, tests each element of a list attribute (any match suffices), then
/// applies negation. A missing or null attribute never matches, negated or not.
/// </summary>
internal abstract class Clause
{
    private readonly AttributePath _attribute;
    private readonly bool _negate;

    protected Clause(AttributePath attribute, bool negate)
    {
        _attribute = attribute;
        _negate = negate;
    }

    public virtual bool Matches(EvaluationContext context)
    {
        var value = _attribute.Resolve(context);
        if (value.Kind <= ContextValueKind.Null)
        {
            return false;
        }

        bool matched;
        if (value.Kind == ContextValueKind.List)
        {
            matched = false;
            foreach (ref readonly var item in value.AsList)
            {
                if (MatchesValue(item))
                {
                    matched = true;
                    break;
                }
            }
        }
        else
        {
            matched = MatchesValue(value);
        }

        return matched != _negate;
    }

    protected abstract bool MatchesValue(in ContextValue value);
}
