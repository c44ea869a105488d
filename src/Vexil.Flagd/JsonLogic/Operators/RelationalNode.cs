using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> with JavaScript's comparison; <c>&lt;</c> and <c>&lt;=</c>
/// with three arguments test that the middle one lies between the others.
/// </summary>
internal sealed class RelationalNode(JsonLogicNode[] args, bool less, bool orEqual) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length < 2)
        {
            return ContextValue.Of(false);
        }

        var a = args[0].Evaluate(scope);
        var b = args[1].Evaluate(scope);
        if (!Holds(a, b))
        {
            return ContextValue.Of(false);
        }

        if (args.Length >= 3 && less)
        {
            return ContextValue.Of(Holds(b, args[2].Evaluate(scope)));
        }

        return ContextValue.Of(true);
    }

    private bool Holds(in ContextValue a, in ContextValue b)
    {
        var order = JsonLogicValues.Compare(a, b);
        if (order is not { } sign)
        {
            return false;
        }

        return sign == 0 ? orEqual : (sign < 0) == less;
    }
}
