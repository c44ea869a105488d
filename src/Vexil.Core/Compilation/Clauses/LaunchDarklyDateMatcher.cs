using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// <c>ld:before</c>, <c>ld:after</c>: LaunchDarkly's dates, a number (Unix milliseconds) or a string read by
/// <see cref="JsDate.ParseLaunchDarkly"/>; values that are not dates (NaN) never match.
/// </summary>
internal readonly struct LaunchDarklyDateMatcher(bool before, double[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        var time = value.Kind switch
        {
            ContextValueKind.Number => value.AsNumber,
            ContextValueKind.String => JsDate.ParseLaunchDarkly(value.AsString),
            _ => double.NaN,
        };
        foreach (var candidate in values)
        {
            if (before ? time < candidate : time > candidate)
            {
                return true;
            }
        }

        return false;
    }

    public static double Read(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Number => value.GetDouble(),
        System.Text.Json.JsonValueKind.String => JsDate.ParseLaunchDarkly(value.GetString()),
        _ => double.NaN,
    };
}
