using System.Diagnostics.CodeAnalysis;

namespace Vexil.Core.Operators;

/// <summary>
/// An IPv4 or IPv6 CIDR block (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) for the <c>ipInCidr</c> operator,
/// parsed once; <see cref="Contains(string?)"/> parses the address without allocating. An IPv4 address matches
/// an IPv4 block, and so does its IPv4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>); an IPv6 address matches an
/// IPv6 block.
/// </summary>
public sealed class CidrBlock
{
    private const ulong IPv4MappedHigh = 0xFFFF;

    private readonly UInt128 _network;
    private readonly UInt128 _mask;
    private readonly string _text;

    private CidrBlock(string text, UInt128 network, UInt128 mask, int prefixLength, bool isIPv6)
    {
        _text = text;
        _network = network;
        _mask = mask;
        PrefixLength = prefixLength;
        IsIPv6 = isIPv6;
    }

    /// <summary>The number of leading bits that an address must share with the block.</summary>
    public int PrefixLength { get; }

    /// <summary>True for an IPv6 block, false for an IPv4 block.</summary>
    public bool IsIPv6 { get; }

    /// <summary>
    /// Parses <c>address/prefix</c> (prefix 0 to 32 for IPv4, 0 to 128 for IPv6, no leading zeros) or a bare
    /// address (a block of one address). Host bits set in the address are allowed and masked off. Never throws.
    /// </summary>
    /// <param name="text">The block text.</param>
    /// <param name="block">The block, or null when the text is not a valid block.</param>
    /// <returns>True when <paramref name="text"/> is a valid CIDR block.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CidrBlock? block)
    {
        block = null;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan();
        var slash = s.IndexOf('/');
        var addressText = slash < 0 ? s : s[..slash];
        if (!IpAddressParser.TryParse(addressText, out var address, out var isIPv4))
        {
            return false;
        }

        var maxPrefix = isIPv4 ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && !TryParsePrefix(s[(slash + 1)..], maxPrefix, out prefix))
        {
            return false;
        }

        // The mask has `prefix` leading ones within the address width.
        var width = isIPv4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        var mask = prefix == 0 ? UInt128.Zero : (width << (maxPrefix - prefix)) & width;
        block = new CidrBlock(text, address & mask, mask, prefix, !isIPv4);
        return true;
    }

    /// <summary>True when <paramref name="address"/> is a valid IP address inside this block; never throws.</summary>
    /// <param name="address">The address text: a dotted quad or standard IPv6 text.</param>
    /// <returns>True when the address is inside the block.</returns>
    public bool Contains(string? address) => Contains(address.AsSpan());

    /// <summary>True when <paramref name="address"/> is a valid IP address inside this block; never throws.</summary>
    /// <param name="address">The address text: a dotted quad or standard IPv6 text.</param>
    /// <returns>True when the address is inside the block.</returns>
    public bool Contains(ReadOnlySpan<char> address)
    {
        if (!IpAddressParser.TryParse(address, out var value, out var isIPv4))
        {
            return false;
        }

        if (IsIPv6 == isIPv4)
        {
            // Only an IPv4-mapped IPv6 address may cross over, into an IPv4 block.
            if (IsIPv6 || (value >> 32) != IPv4MappedHigh)
            {
                return false;
            }

            value &= uint.MaxValue;
        }

        return (value & _mask) == _network;
    }

    /// <summary>The text this block was parsed from.</summary>
    /// <returns>The source text.</returns>
    public override string ToString() => _text;

    private static bool TryParsePrefix(ReadOnlySpan<char> s, int max, out int prefix)
    {
        prefix = 0;
        if (s.IsEmpty || s.Length > 3 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            prefix = (prefix * 10) + (c - '0');
        }

        return prefix <= max;
    }
}
