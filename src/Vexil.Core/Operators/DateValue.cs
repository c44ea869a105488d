using System.Diagnostics.CodeAnalysis;
using Vexil.Core.Context;

namespace Vexil.Core.Operators;

/// <summary>
/// Reads dates for the <c>before</c> and <c>after</c> operators as Unix milliseconds: a number is Unix
/// milliseconds, a string must be an RFC 3339 date-time such as <c>2024-01-02T03:04:05Z</c>. Allocation-free,
/// never throws.
/// </summary>
public static class DateValue
{
    /// <summary>Reads a context value as a date: a finite number, or a string in RFC 3339 form.</summary>
    /// <param name="value">The context value.</param>
    /// <param name="unixMs">The date as milliseconds since 1970-01-01T00:00:00Z, or 0 when not a date.</param>
    /// <returns>True when the value is a date.</returns>
    public static bool TryGetUnixMilliseconds(ContextValue value, out double unixMs)
    {
        switch (value.Kind)
        {
            case ContextValueKind.Number:
                unixMs = value.AsNumber;
                if (double.IsFinite(unixMs))
                {
                    return true;
                }

                unixMs = 0;
                return false;
            case ContextValueKind.String:
                return TryParse(value.AsString, out unixMs);
            default:
                unixMs = 0;
                return false;
        }
    }

    /// <summary>
    /// Parses an RFC 3339 date-time: <c>YYYY-MM-DDTHH:MM:SS</c>, optional fractional seconds (digits beyond
    /// 100 ns are ignored), then <c>Z</c> or an offset <c>±hh:mm</c>; <c>t</c> and <c>z</c> may be lowercase.
    /// Years 0001 to 9999; leap seconds (<c>:60</c>) are not accepted.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="unixMs">The date as milliseconds since 1970-01-01T00:00:00Z, or 0 when not valid.</param>
    /// <returns>True when <paramref name="text"/> is a valid RFC 3339 date-time.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out double unixMs) =>
        Rfc3339Parser.TryParse(text.AsSpan(), out unixMs);
}
