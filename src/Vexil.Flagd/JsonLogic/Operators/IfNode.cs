using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>if</c> (also <c>?:</c>): condition, then, [condition, then]..., [else]; null when nothing applies.</summary>
internal sealed class IfNode(JsonLogicNode[] args) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var i = 0;
        for (; i + 1 < args.Length; i += 2)
        {
            if (JsonLogicValues.IsTruthy(args[i].Evaluate(scope)))
            {
                return args[i + 1].Evaluate(scope);
            }
        }

        return i < args.Length ? args[i].Evaluate(scope) : ContextValue.Null;
    }
}
