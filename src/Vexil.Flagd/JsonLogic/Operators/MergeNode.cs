using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>merge</c>: the arguments as one array, arrays flattened one level. Allocates.</summary>
internal sealed class MergeNode(JsonLogicNode[] args) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var items = new List<ContextValue>(args.Length);
        foreach (var arg in args)
        {
            var value = arg.Evaluate(scope);
            if (value.Kind == ContextValueKind.List)
            {
                items.AddRange(value.AsList);
            }
            else
            {
                items.Add(JsonLogicValues.IsNull(value) ? ContextValue.Null : value);
            }
        }

        return ContextValue.Of(items.ToArray());
    }
}
