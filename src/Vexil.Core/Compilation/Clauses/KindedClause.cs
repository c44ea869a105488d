using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// A clause on an attribute of the context of one kind, read as LaunchDarkly reads it: no such kind, or a missing
/// or null value, never matches (negated or not); a list matches when any element matches; <c>kind</c> tests each
/// of the context's kinds.
/// </summary>
internal sealed class KindedClause<TMatcher>(LaunchDarklyAttribute attribute, string kind, bool negate, TMatcher matcher) : Clause
    where TMatcher : struct, IValueMatcher
{
    private readonly TMatcher _matcher = matcher;

    public override bool Matches(EvaluationContext context)
    {
        bool matched;
        if (attribute.IsKind)
        {
            var visitor = new KindMatcher(_matcher);
            matched = ContextKinds.AnyKind(context, ref visitor);
            return matched != negate;
        }

        if (!ContextKinds.TryGetKind(context, kind, out var view) || !attribute.TryResolve(view, out var value) || value.Kind <= ContextValueKind.Null)
        {
            return false;
        }

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

        return matched != negate;
    }

    private struct KindMatcher(TMatcher matcher) : IKindVisitor
    {
        public readonly bool Visit(string kind) => matcher.Matches(ContextValue.Of(kind));
    }
}
