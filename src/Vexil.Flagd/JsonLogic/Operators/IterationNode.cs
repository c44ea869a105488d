using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>map</c>, <c>filter</c>, <c>all</c>, <c>some</c>, <c>none</c> and <c>reduce</c>: the body is evaluated with
/// each item as its data (for <c>reduce</c>, an object with <c>current</c> and <c>accumulator</c>). Allocates for
/// map, filter and reduce.
/// </summary>
internal sealed class IterationNode(IterationOperator op, JsonLogicNode source, JsonLogicNode body, JsonLogicNode? initial) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var items = source.Evaluate(scope).AsList;
        switch (op)
        {
            case IterationOperator.Map:
                var mapped = new ContextValue[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    mapped[i] = body.Evaluate(new JsonLogicScope(scope.Context, items[i]));
                }

                return ContextValue.Of(mapped);
            case IterationOperator.Filter:
                var kept = new List<ContextValue>();
                foreach (var item in items)
                {
                    if (JsonLogicValues.IsTruthy(body.Evaluate(new JsonLogicScope(scope.Context, item))))
                    {
                        kept.Add(item);
                    }
                }

                return ContextValue.Of(kept.ToArray());
            case IterationOperator.Reduce:
                var accumulator = initial?.Evaluate(scope) ?? ContextValue.Null;
                foreach (var item in items)
                {
                    var data = new Dictionary<string, ContextValue>(2, StringComparer.Ordinal)
                    {
                        ["current"] = item,
                        ["accumulator"] = accumulator,
                    };
                    accumulator = body.Evaluate(new JsonLogicScope(scope.Context, ContextValue.Of(data)));
                }

                return accumulator;
            default:
                return ContextValue.Of(Test(scope.Context, items));
        }
    }

    private bool Test(EvaluationContext context, ReadOnlySpan<ContextValue> items)
    {
        if (op == IterationOperator.All && items.IsEmpty)
        {
            return false;
        }

        foreach (var item in items)
        {
            var truthy = JsonLogicValues.IsTruthy(body.Evaluate(new JsonLogicScope(context, item)));
            if (op == IterationOperator.All && !truthy)
            {
                return false;
            }

            if (op != IterationOperator.All && truthy)
            {
                return op == IterationOperator.Some;
            }
        }

        return op != IterationOperator.Some;
    }
}
