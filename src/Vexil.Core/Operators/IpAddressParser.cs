namespace Vexil.Core.Operators;

/// <summary>
/// An allocation-free parser for IP address text: canonical IPv4 dotted quads (no leading zeros, no legacy
/// forms such as <c>1</c> or <c>0x7f.1</c>) and standard IPv6 text (RFC 4291 section 2.2: <c>::</c>
/// compression, a trailing embedded IPv4 quad; no zone ids, no brackets).
/// </summary>
internal static class IpAddressParser
{
    private const int MaxIPv6Length = 45;

    /// <summary>Parses an IPv4 or IPv6 address; an IPv4 address is returned in the low 32 bits.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out UInt128 address, out bool isIPv4)
    {
        if (s.Contains(':'))
        {
            isIPv4 = false;
            return TryParseIPv6(s, out address);
        }

        isIPv4 = true;
        var ok = TryParseIPv4(s, out var v4);
        address = v4;
        return ok;
    }

    public static bool TryParseIPv4(ReadOnlySpan<char> s, out uint address)
    {
        address = 0;
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return false;
                }

                i++;
            }

            var start = i;
            var value = 0;
            while (i < s.Length && i - start < 4 && char.IsAsciiDigit(s[i]))
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            var length = i - start;
            if (length == 0 || length > 3 || value > 255 || (length > 1 && s[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
        }

        return i == s.Length;
    }

    public static bool TryParseIPv6(ReadOnlySpan<char> s, out UInt128 address)
    {
        address = UInt128.Zero;
        if (s.Length < 2 || s.Length > MaxIPv6Length)
        {
            return false;
        }

        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var compressAt = -1;
        var i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':')
            {
                return false;
            }

            compressAt = 0;
            i = 2;
        }

        while (i < s.Length)
        {
            if (count == 8)
            {
                return false;
            }

            var start = i;
            var value = 0;
            while (i < s.Length && i - start < 5 && char.IsAsciiHexDigit(s[i]))
            {
                value = (value << 4) | HexValue(s[i]);
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                // A trailing IPv4 quad fills the last two groups.
                if (count > 6 || !TryParseIPv4(s[start..], out var v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                break;
            }

            var length = i - start;
            if (length is 0 or > 4)
            {
                return false;
            }

            groups[count++] = (ushort)value;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':' || ++i == s.Length)
            {
                return false;
            }

            if (s[i] == ':')
            {
                if (compressAt >= 0)
                {
                    return false;
                }

                compressAt = count;
                i++;
            }
        }

        // Without "::" there must be exactly 8 groups; "::" stands for at least one group of zeros.
        if (compressAt < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        var tail = compressAt < 0 ? 0 : count - compressAt;
        var head = count - tail;
        for (var g = 0; g < head; g++)
        {
            address |= (UInt128)groups[g] << (112 - (16 * g));
        }

        for (var g = 0; g < tail; g++)
        {
            address |= (UInt128)groups[head + g] << (16 * (tail - 1 - g));
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
