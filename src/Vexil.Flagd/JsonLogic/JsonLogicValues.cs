using System.Globalization;
using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic;

/// <summary>JavaScript's coercions, as JsonLogic defines its operators by them.</summary>
internal static class JsonLogicValues
{
    /// <summary>True when the value is null or missing.</summary>
    public static bool IsNull(in ContextValue value) => value.Kind is ContextValueKind.Missing or ContextValueKind.Null;

    /// <summary>JsonLogic truthiness: false, null, 0, NaN, "" and [] are falsy.</summary>
    public static bool IsTruthy(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.Boolean => value.AsBoolean,
        ContextValueKind.Number => value.AsNumber != 0 && !double.IsNaN(value.AsNumber),
        ContextValueKind.String => value.AsString!.Length > 0,
        ContextValueKind.List => value.AsList.Length > 0,
        ContextValueKind.Object => true,
        _ => false,
    };

    /// <summary>
    /// JavaScript's ToNumber (NaN when there is no number). A missing attribute is null here, as JsonLogic's
    /// <c>var</c> answers null for it: so <c>{"&lt;": [{"var": "absent"}, 1]}</c> is true, as in json-logic-js.
    /// </summary>
    public static double ToNumber(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.Number => value.AsNumber,
        ContextValueKind.Boolean => value.AsBoolean ? 1 : 0,
        ContextValueKind.Null or ContextValueKind.Missing => 0,
        ContextValueKind.String => ParseNumber(value.AsString!),
        ContextValueKind.List => value.AsList.Length switch
        {
            0 => 0,
            1 => ToNumber(value.AsList[0]),
            _ => double.NaN,
        },
        _ => double.NaN,
    };

    /// <summary>JavaScript's string conversion for <c>cat</c>, <c>in</c> and <c>sem_ver</c>; null becomes empty.</summary>
    public static string ToText(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.String => value.AsString!,
        ContextValueKind.Number => FormatNumber(value.AsNumber),
        ContextValueKind.Boolean => value.AsBoolean ? "true" : "false",
        ContextValueKind.List => JoinList(value),
        ContextValueKind.Object => "[object Object]",
        _ => string.Empty,
    };

    /// <summary>Formats a number as JavaScript's <c>String(number)</c> does (1, 1.5, 1e+21, 1e-7).</summary>
    public static string FormatNumber(double number)
    {
        Span<char> buffer = stackalloc char[Core.Operators.JsNumber.MaxFormattedLength];
        Core.Operators.JsNumber.TryFormat(number, buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>JavaScript's loose equality (<c>==</c>).</summary>
    public static bool LooseEquals(in ContextValue left, in ContextValue right)
    {
        var leftNull = IsNull(left);
        var rightNull = IsNull(right);
        if (leftNull || rightNull)
        {
            return leftNull && rightNull;
        }

        if (left.Kind == right.Kind)
        {
            return StrictEquals(left, right);
        }

        if (left.Kind is ContextValueKind.Object || right.Kind is ContextValueKind.Object)
        {
            return false;
        }

        if (left.Kind is ContextValueKind.List || right.Kind is ContextValueKind.List)
        {
            // An array compares as its joined text (JavaScript's ToPrimitive).
            var leftPrimitive = left.Kind == ContextValueKind.List ? ContextValue.Of(JoinList(left)) : left;
            var rightPrimitive = right.Kind == ContextValueKind.List ? ContextValue.Of(JoinList(right)) : right;
            return LooseEquals(leftPrimitive, rightPrimitive);
        }

        // Remaining mixes of booleans, numbers and strings compare as numbers.
        var a = ToNumber(left);
        var b = ToNumber(right);
        return a == b;
    }

    /// <summary>JavaScript's strict equality (<c>===</c>); arrays and objects are equal only to themselves.</summary>
    public static bool StrictEquals(in ContextValue left, in ContextValue right)
    {
        var leftNull = IsNull(left);
        var rightNull = IsNull(right);
        if (leftNull || rightNull)
        {
            return leftNull && rightNull;
        }

        if (left.Kind != right.Kind)
        {
            return false;
        }

        return left.Kind switch
        {
            ContextValueKind.Boolean => left.AsBoolean == right.AsBoolean,
            ContextValueKind.Number => left.AsNumber == right.AsNumber,
            ContextValueKind.String => string.Equals(left.AsString, right.AsString, StringComparison.Ordinal),
            ContextValueKind.Object => ReferenceEquals(left.AsObject, right.AsObject),
            _ => left.AsList == right.AsList,
        };
    }

    /// <summary>
    /// JavaScript's relational comparison: strings by code units, anything else as numbers. Null when the values
    /// cannot be ordered (NaN), otherwise the sign of the comparison.
    /// </summary>
    public static int? Compare(in ContextValue left, in ContextValue right)
    {
        if (left.Kind == ContextValueKind.String && right.Kind == ContextValueKind.String)
        {
            return Math.Sign(string.CompareOrdinal(left.AsString, right.AsString));
        }

        var a = ToNumber(left);
        var b = ToNumber(right);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return null;
        }

        return a.CompareTo(b);
    }

    private static double ParseNumber(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return 0;
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN;
    }

    private static string JoinList(in ContextValue list)
    {
        var items = list.AsList;
        if (items.Length == 0)
        {
            return string.Empty;
        }

        var parts = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            parts[i] = ToText(items[i]);
        }

        return string.Join(',', parts);
    }
}
