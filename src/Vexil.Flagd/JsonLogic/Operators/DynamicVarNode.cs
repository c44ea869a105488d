using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>{"var": expression}</c> whose path is computed per evaluation. Rare; splits the path each time.</summary>
internal sealed class DynamicVarNode(JsonLogicNode path, JsonLogicNode? fallback) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var text = JsonLogicValues.ToText(path.Evaluate(scope));
        var segments = text.Length == 0 ? [] : text.Split('.');
        var value = VarNode.Resolve(scope, segments);
        return JsonLogicValues.IsNull(value) && fallback is not null ? fallback.Evaluate(scope) : value;
    }
}
