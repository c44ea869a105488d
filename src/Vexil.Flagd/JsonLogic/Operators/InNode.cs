using System.Collections.Frozen;
using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>in</c>: a substring of a string, or an item (strictly equal) of an array. A constant array of strings is
/// turned into a frozen set once, at compile time.
/// </summary>
internal sealed class InNode : JsonLogicNode
{
    private readonly JsonLogicNode _needle;
    private readonly JsonLogicNode _haystack;
    private readonly FrozenSet<string>? _constantStrings;

    public InNode(JsonLogicNode needle, JsonLogicNode haystack)
    {
        _needle = needle;
        _haystack = haystack;
        if (haystack is ConstantNode { Value.Kind: ContextValueKind.List } constant)
        {
            var strings = new List<string>();
            foreach (var item in constant.Value.AsList)
            {
                if (!item.TryGetString(out var text))
                {
                    return;
                }

                strings.Add(text);
            }

            _constantStrings = strings.ToFrozenSet(StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var item = _needle.Evaluate(scope);
        if (_constantStrings is not null)
        {
            return ContextValue.Of(item.TryGetString(out var key) && _constantStrings.Contains(key));
        }

        var container = _haystack.Evaluate(scope);
        if (container.TryGetString(out var text))
        {
            return ContextValue.Of(text.Contains(JsonLogicValues.ToText(item), StringComparison.Ordinal));
        }

        foreach (var candidate in container.AsList)
        {
            if (JsonLogicValues.StrictEquals(candidate, item))
            {
                return ContextValue.Of(true);
            }
        }

        return ContextValue.Of(false);
    }
}
