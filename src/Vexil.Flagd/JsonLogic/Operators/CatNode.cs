using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>cat</c>: the arguments as text, concatenated (null adds nothing). Allocates the result.</summary>
internal sealed class CatNode(JsonLogicNode[] args) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length == 2)
        {
            return ContextValue.Of(string.Concat(JsonLogicValues.ToText(args[0].Evaluate(scope)), JsonLogicValues.ToText(args[1].Evaluate(scope))));
        }

        var parts = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            parts[i] = JsonLogicValues.ToText(args[i].Evaluate(scope));
        }

        return ContextValue.Of(string.Concat(parts));
    }
}
