using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>missing</c> (the keys, given as arguments or as one array, whose value is null or empty) and
/// <c>missing_some</c> ([minimum, keys]: empty when at least minimum keys are present). Allocates its result.
/// </summary>
internal sealed class MissingNode(JsonLogicNode[] args, bool some) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (some)
        {
            if (args.Length < 2)
            {
                return ContextValue.Of(Array.Empty<ContextValue>());
            }

            var need = JsonLogicValues.ToNumber(args[0].Evaluate(scope));
            var keys = args[1].Evaluate(scope);
            var missing = FindMissing(scope, keys.AsList);
            return keys.AsList.Length - missing.Length >= need ? ContextValue.Of(Array.Empty<ContextValue>()) : ContextValue.Of(missing);
        }

        var values = new ContextValue[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Evaluate(scope);
        }

        return ContextValue.Of(FindMissing(scope, values.Length > 0 && values[0].Kind == ContextValueKind.List ? values[0].AsList : values));
    }

    private static ContextValue[] FindMissing(in JsonLogicScope scope, ReadOnlySpan<ContextValue> keys)
    {
        var missing = new List<ContextValue>();
        foreach (var key in keys)
        {
            var path = JsonLogicValues.ToText(key);
            var value = VarNode.Resolve(scope, path.Length == 0 ? [] : path.Split('.'));
            if (JsonLogicValues.IsNull(value) || value.AsString is { Length: 0 })
            {
                missing.Add(key);
            }
        }

        return missing.ToArray();
    }
}
