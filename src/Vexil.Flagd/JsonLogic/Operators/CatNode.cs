using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>cat</c>: the arguments as JavaScript text, concatenated, as flagd-core (json-logic-engine, compiled) does: a
/// missing or null value read at evaluation is <c>"null"</c> (a constant null adds nothing: the engine folds constants),
/// a number JavaScript's <c>String(n)</c>, a list its elements joined by commas, an object <c>[object Object]</c>
/// (docs/flagd.md#cat-and-var). Allocates the result.
/// </summary>
internal sealed class CatNode(JsonLogicNode[] args) : JsonLogicNode
{
    private readonly bool[] _constant = Array.ConvertAll(args, a => a is ConstantNode);

    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length == 2)
        {
            return ContextValue.Of(string.Concat(Text(args[0].Evaluate(scope), _constant[0]), Text(args[1].Evaluate(scope), _constant[1])));
        }

        var parts = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            parts[i] = Text(args[i].Evaluate(scope), _constant[i]);
        }

        return ContextValue.Of(string.Concat(parts));
    }

    /// <summary>One argument's text: json-logic-engine's compiled <c>cat</c> adds <c>"" + value</c>, so a null read at evaluation is "null".</summary>
    public static string Text(in ContextValue value, bool constant) => JsonLogicValues.IsNull(value) ? (constant ? string.Empty : "null") : JsonLogicValues.ToText(value);
}
