using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>A literal value, converted once at compile time.</summary>
internal sealed class ConstantNode(ContextValue value) : JsonLogicNode
{
    /// <summary>The null literal.</summary>
    public static ConstantNode Null { get; } = new(ContextValue.Null);

    /// <summary>The value.</summary>
    public ContextValue Value { get; } = value;

    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope) => Value;
}
