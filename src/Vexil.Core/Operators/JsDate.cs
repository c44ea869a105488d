namespace Vexil.Core.Operators;

/// <summary>
/// JavaScript's <c>Date.parse</c> for the ECMA-262 date-time string format, as V8 parses it: <c>YYYY</c>,
/// <c>YYYY-MM</c>, <c>YYYY-MM-DD</c> or <c>±YYYYYY…</c>, optionally followed by <c>THH:mm</c>, <c>:ss</c>, a
/// fraction of any length (truncated to milliseconds) and <c>Z</c>, <c>±HH:mm</c> or <c>±HHmm</c>. A day past the
/// end of its month rolls over (V8 accepts days 1 to 31), <c>24:00</c> is the next midnight. A date-time without an
/// offset is read as UTC (JavaScript reads it in the process's time zone: Vexil's imports document UTC). Other texts
/// (V8's legacy formats) are not dates here: NaN. Allocation-free.
/// </summary>
public static class JsDate
{
    private const double MaxTime = 8.64e15;

    /// <summary>Milliseconds since the epoch, or NaN when <paramref name="text"/> is not in the date-time format.</summary>
    public static double Parse(ReadOnlySpan<char> text)
    {
        var p = 0;
        long year;
        if (p < text.Length && text[p] is '+' or '-')
        {
            var negative = text[p] == '-';
            p++;
            if (!Digits(text, ref p, 6, out year) || (negative && year == 0))
            {
                return double.NaN;
            }

            year = negative ? -year : year;
        }
        else if (!Digits(text, ref p, 4, out year))
        {
            return double.NaN;
        }

        long month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0, offset = 0;
        if (p < text.Length && text[p] == '-')
        {
            p++;
            if (!Digits(text, ref p, 2, out month) || month is < 1 or > 12)
            {
                return double.NaN;
            }

            if (p < text.Length && text[p] == '-')
            {
                p++;
                if (!Digits(text, ref p, 2, out day) || day is < 1 or > 31)
                {
                    return double.NaN;
                }
            }
        }

        if (p < text.Length && text[p] == 'T')
        {
            p++;
            if (!Digits(text, ref p, 2, out hour) || !Expect(text, ref p, ':') || !Digits(text, ref p, 2, out minute))
            {
                return double.NaN;
            }

            if (p < text.Length && text[p] == ':')
            {
                p++;
                if (!Digits(text, ref p, 2, out second))
                {
                    return double.NaN;
                }

                if (p < text.Length && text[p] == '.')
                {
                    p++;
                    var start = p;
                    while (p < text.Length && char.IsAsciiDigit(text[p]))
                    {
                        if (p - start < 3)
                        {
                            millisecond = (millisecond * 10) + (text[p] - '0');
                        }

                        p++;
                    }

                    if (p == start)
                    {
                        return double.NaN;
                    }

                    for (var n = p - start; n < 3; n++)
                    {
                        millisecond *= 10;
                    }
                }
            }

            if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute | second | millisecond) != 0))
            {
                return double.NaN;
            }

            if (p < text.Length && text[p] == 'Z')
            {
                p++;
            }
            else if (p < text.Length && text[p] is '+' or '-')
            {
                var sign = text[p] == '-' ? -1 : 1;
                p++;
                if (!Digits(text, ref p, 2, out var offsetHours))
                {
                    return double.NaN;
                }

                if (p < text.Length && text[p] == ':')
                {
                    p++;
                }

                if (!Digits(text, ref p, 2, out var offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
                {
                    return double.NaN;
                }

                offset = sign * ((offsetHours * 60) + offsetMinutes);
            }
        }

        if (p != text.Length)
        {
            return double.NaN;
        }

        var days = DaysFromCivil(year, month, 1) + (day - 1);
        var time = (double)((((((days * 24) + hour) * 60) + minute - offset) * 60) + second) * 1000 + millisecond;
        return Math.Abs(time) > MaxTime ? double.NaN : time;
    }

    /// <summary>
    /// LaunchDarkly's date values: a number as it is, or a string that begins like
    /// <c>YYYY-MM-DDTHH:mm:ss[.f…](Z|±HH[:mm])</c> (its SDKs' check) and parses as a date; otherwise NaN.
    /// </summary>
    public static double ParseLaunchDarkly(ReadOnlySpan<char> text) => HasLaunchDarklyPrefix(text) ? Parse(text) : double.NaN;

    private static bool HasLaunchDarklyPrefix(ReadOnlySpan<char> s)
    {
        // ^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d\d*)?(Z|[-+]\d\d(:\d\d)?)
        if (s.Length < 20 || !AllDigits(s[..4]) || s[4] != '-' || !AllDigits(s.Slice(5, 2)) || s[7] != '-' || !AllDigits(s.Slice(8, 2)) || s[10] != 'T'
            || !AllDigits(s.Slice(11, 2)) || s[13] != ':' || !AllDigits(s.Slice(14, 2)) || s[16] != ':' || !AllDigits(s.Slice(17, 2)))
        {
            return false;
        }

        var p = 19;
        if (p < s.Length && s[p] == '.' && p + 1 < s.Length && char.IsAsciiDigit(s[p + 1]))
        {
            p += 2;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                p++;
            }
        }

        return p < s.Length && (s[p] == 'Z' || (s[p] is '+' or '-' && p + 2 < s.Length && char.IsAsciiDigit(s[p + 1]) && char.IsAsciiDigit(s[p + 2])));
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int p, int count, out long value)
    {
        value = 0;
        if (p + count > s.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var c = s[p + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        p += count;
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> s, ref int p, char c)
    {
        if (p < s.Length && s[p] == c)
        {
            p++;
            return true;
        }

        return false;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(long y, long m, long d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }
}
