using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// <c>unleash:DATE_AFTER</c>, <c>unleash:DATE_BEFORE</c>: Unleash compares the context's <c>currentTime</c> (whatever
/// field the constraint names) with the value; a falsy or absent <c>currentTime</c> is now. A number is Unix
/// milliseconds (truncated), <c>true</c> is 1, a string a JavaScript date-time (<see cref="JsDate"/>); anything else
/// is not a date, and an invalid date never compares.
/// </summary>
internal sealed class UnleashDateClause(bool after, double value, bool negate, TimeProvider time) : Clause
{
    private static readonly int CurrentTimeHash = AttributeTable.Hash("currentTime");

    public override bool Matches(EvaluationContext context)
    {
        context.TryGetAttribute("currentTime", CurrentTimeHash, out var current);
        double now;
        if (!UnleashContext.IsTruthy(current))
        {
            now = time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        else
        {
            switch (current.Kind)
            {
                case ContextValueKind.Number:
                    now = Math.Abs(current.AsNumber) > 8.64e15 ? double.NaN : Math.Truncate(current.AsNumber);
                    break;
                case ContextValueKind.Boolean:
                    now = 1;
                    break;
                case ContextValueKind.String:
                    now = JsDate.Parse(current.AsString);
                    break;
                case ContextValueKind.List:
                    Span<char> buffer = stackalloc char[JsString.BufferLength];
                    now = JsDate.Parse(JsString.Of(current, buffer));
                    break;
                default:
                    now = double.NaN;
                    break;
            }
        }

        var matched = after ? now > value : now < value;
        return matched != negate;
    }
}
