using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>and</c> (the first falsy value, or the last) and <c>or</c> (the first truthy value, or the last).</summary>
internal sealed class LogicalNode(JsonLogicNode[] args, bool isAnd) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var value = ContextValue.Null;
        foreach (var arg in args)
        {
            value = arg.Evaluate(scope);
            if (JsonLogicValues.IsTruthy(value) != isAnd)
            {
                return value;
            }
        }

        return value;
    }
}
