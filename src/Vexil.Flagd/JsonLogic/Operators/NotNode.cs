using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>!</c> (negated truthiness) and <c>!!</c> (truthiness) of the first argument.</summary>
internal sealed class NotNode(JsonLogicNode? arg, bool doubleBang) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var truthy = arg is not null && JsonLogicValues.IsTruthy(arg.Evaluate(scope));
        return ContextValue.Of(truthy == doubleBang);
    }
}
