using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>An array literal with at least one computed item (an all-constant array compiles to a <see cref="ConstantNode"/>). Allocates.</summary>
internal sealed class ArrayNode(JsonLogicNode[] items) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var values = new ContextValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Evaluate(scope);
        }

        return ContextValue.Of(values);
    }
}
