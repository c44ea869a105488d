using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>An address as the <c>ip-address</c> package (10.x, Unleash's Node SDK) reads it: IPv4 without leading zeros, or IPv6, optionally followed by <c>/mask</c>.</summary>
internal readonly record struct UnleashAddress(UInt128 Value, int Mask, bool IsIPv4)
{
    public static bool TryParse(ReadOnlySpan<char> text, out UnleashAddress address)
    {
        address = default;
        var slash = text.LastIndexOf('/');
        var bits = -1;
        if (slash >= 0 && text.Length - slash - 1 is 1 or 2 && char.IsAsciiDigit(text[slash + 1]) && char.IsAsciiDigit(text[^1]))
        {
            bits = int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            text = text[..slash];
        }
        else if (slash >= 0 && text.Length - slash - 1 == 3 && char.IsAsciiDigit(text[slash + 1]) && char.IsAsciiDigit(text[slash + 2]) && char.IsAsciiDigit(text[^1]) && text.Contains(':'))
        {
            bits = int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            text = text[..slash];
        }

        if (IsStrictIPv4(text) && IpAddressParser.TryParseIPv4(text, out var v4))
        {
            if (bits > 32)
            {
                return false;
            }

            address = new UnleashAddress(v4, bits < 0 ? 32 : bits, true);
            return true;
        }

        if (text.Contains(':') && IpAddressParser.TryParseIPv6(text, out var v6))
        {
            if (bits > 128)
            {
                return false;
            }

            address = new UnleashAddress(v6, bits < 0 ? 128 : bits, false);
            return true;
        }

        return false;
    }

    /// <summary><c>isInSubnet</c>: this address's mask is at least the subnet's, and the first subnet-mask bits agree.</summary>
    public bool IsInSubnet(in UnleashAddress subnet)
    {
        if (IsIPv4 != subnet.IsIPv4 || Mask < subnet.Mask)
        {
            return false;
        }

        var width = IsIPv4 ? 32 : 128;
        var shift = width - subnet.Mask;
        return shift >= width || (Value >> shift) == (subnet.Value >> shift);
    }

    // (25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]) four times, dot-separated.
    private static bool IsStrictIPv4(ReadOnlySpan<char> text)
    {
        var parts = 0;
        while (true)
        {
            var end = text.IndexOf('.');
            var part = end < 0 ? text : text[..end];
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            if (int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
            if (end < 0)
            {
                return parts == 4;
            }

            text = text[(end + 1)..];
        }
    }
}

/// <summary><c>unleash:IN_CIDR</c>: the address equals a range's address, or lies in its subnet.</summary>
internal readonly struct UnleashCidrMatcher(UnleashAddress[] ranges) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        if (!present || !UnleashAddress.TryParse(text, out var address))
        {
            return false;
        }

        foreach (var range in ranges)
        {
            if (range.IsIPv4 == address.IsIPv4 && (range.Value == address.Value || address.IsInSubnet(range)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// <c>unleash:REMOTE_ADDRESS</c>: Unleash's <c>remoteAddress</c> strategy: the address (a string) equals a listed
/// text, or both are IPv4 (with an optional mask) and the address lies in the listed subnet.
/// </summary>
internal readonly struct UnleashRemoteAddressMatcher(string[] texts, UnleashAddress?[] ranges) : IUnleashMatcher
{
    public bool Matches(ReadOnlySpan<char> text, bool present)
    {
        if (!present)
        {
            return false;
        }

        var parsed = UnleashAddress.TryParse(text, out var address) && address.IsIPv4;
        for (var i = 0; i < texts.Length; i++)
        {
            if (text.SequenceEqual(texts[i]) || (parsed && ranges[i] is { IsIPv4: true } range && address.IsInSubnet(range)))
            {
                return true;
            }
        }

        return false;
    }
}
