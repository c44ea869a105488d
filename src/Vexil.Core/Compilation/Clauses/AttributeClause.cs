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

    public override bool Matches(EvaluationContext context)
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
            return false;
        }

        bool matched;
        if (value.Kind == ContextValueKind.List)
        {
            matched = false;
            foreach (ref readonly var item in value.AsList)
            {
                if (_matcher.Matches(item))
                {
                    matched = true;
                    break;
                }
            }
        }
        else
        {
            matched = _matcher.Matches(value);
        }

        return matched != _negate;
    }
}
