using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>==</c>, <c>===</c>, <c>!=</c> and <c>!==</c> of the first two arguments (a missing one is null).</summary>
internal sealed class EqualityNode(JsonLogicNode left, JsonLogicNode right, bool strict, bool negate) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var a = left.Evaluate(scope);
        var b = right.Evaluate(scope);
        var equal = strict ? JsonLogicValues.StrictEquals(a, b) : JsonLogicValues.LooseEquals(a, b);
        return ContextValue.Of(equal != negate);
    }
}
