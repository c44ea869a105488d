using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>substr</c>: [text, start, length?]. A negative start counts from the end; a negative length leaves that many
/// characters off the end.
/// </summary>
internal sealed class SubstrNode(JsonLogicNode[] args) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length == 0)
        {
            return ContextValue.Of(string.Empty);
        }

        var text = JsonLogicValues.ToText(args[0].Evaluate(scope));
        var start = args.Length > 1 ? ToInteger(args[1].Evaluate(scope)) : 0;
        if (start < 0)
        {
            start = Math.Max(0, text.Length + start);
        }

        start = Math.Min(start, text.Length);
        var end = text.Length;
        if (args.Length > 2)
        {
            var length = ToInteger(args[2].Evaluate(scope));
            end = length < 0 ? text.Length + length : start + length;
        }

        end = Math.Clamp(end, start, text.Length);
        return ContextValue.Of(text[start..end]);
    }

    private static int ToInteger(in ContextValue value)
    {
        var number = JsonLogicValues.ToNumber(value);
        return double.IsNaN(number) ? 0 : (int)Math.Clamp(Math.Truncate(number), int.MinValue, int.MaxValue);
    }
}
