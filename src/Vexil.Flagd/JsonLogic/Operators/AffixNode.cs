using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>flagd's <c>starts_with</c> and <c>ends_with</c>: [text, affix], both strings, ordinal; otherwise null.</summary>
internal sealed class AffixNode(JsonLogicNode[] args, bool starts) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length != 2
            || !args[0].Evaluate(scope).TryGetString(out var text)
            || !args[1].Evaluate(scope).TryGetString(out var affix))
        {
            return ContextValue.Null;
        }

        return ContextValue.Of(starts
            ? text.StartsWith(affix, StringComparison.Ordinal)
            : text.EndsWith(affix, StringComparison.Ordinal));
    }
}
