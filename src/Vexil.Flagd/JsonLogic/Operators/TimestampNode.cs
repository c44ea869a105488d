using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>{"var": "$flagd.timestamp"}</c>: the current time in Unix seconds, from the compile options' clock.</summary>
internal sealed class TimestampNode(TimeProvider timeProvider) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope) =>
        ContextValue.Of(timeProvider.GetUtcNow().ToUnixTimeSeconds());
}
