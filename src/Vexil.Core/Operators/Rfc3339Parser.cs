namespace Vexil.Core.Operators;

/// <summary>A span-based parser for RFC 3339 date-times (section 5.6 <c>date-time</c>).</summary>
internal static class Rfc3339Parser
{
    private const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    public static bool TryParse(ReadOnlySpan<char> s, out double unixMs)
    {
        unixMs = 0;

        // "YYYY-MM-DDTHH:MM:SS" is 19 characters; at least "Z" follows.
        if (s.Length < 20
            || !TryDigits(s, 0, 4, out var year)
            || s[4] != '-'
            || !TryDigits(s, 5, 2, out var month)
            || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day)
            || s[10] is not ('T' or 't')
            || !TryDigits(s, 11, 2, out var hour)
            || s[13] != ':'
            || !TryDigits(s, 14, 2, out var minute)
            || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (!TryReadOffset(s[i..], out var offsetMinutes))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - (offsetMinutes * TimeSpan.TicksPerMinute);
        var ticks = utc - DateTime.UnixEpoch.Ticks;

        // Whole milliseconds first: a tick count does not fit a double's 53-bit mantissa exactly.
        unixMs = (ticks / TicksPerMillisecond) + ((ticks % TicksPerMillisecond) / (double)TicksPerMillisecond);
        return true;
    }

    private static bool TryReadOffset(ReadOnlySpan<char> s, out int minutes)
    {
        minutes = 0;
        if (s.Length == 1)
        {
            return s[0] is 'Z' or 'z';
        }

        if (s.Length != 6
            || s[0] is not ('+' or '-')
            || !TryDigits(s, 1, 2, out var hours)
            || s[3] != ':'
            || !TryDigits(s, 4, 2, out var mins)
            || hours > 23
            || mins > 59)
        {
            return false;
        }

        minutes = ((hours * 60) + mins) * (s[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
