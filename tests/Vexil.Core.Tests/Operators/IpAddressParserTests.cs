using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed partial class IpAddressParserTests
{
    private const string Mutations = "0123456789abcdefABCDEFgx:.%/[] ";

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    [InlineData("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304")]
    [InlineData("::ffff:1.2.3.4", "::ffff:102:304")]
    [InlineData("0001:0DB8::0a:000B", "1:db8::a:b")]
    public void TryParse_Valid_MatchesIPAddress(string text, string equivalent)
    {
        Assert.True(IpAddressParser.TryParse(text, out var value, out _), text);
        Assert.Equal(ToUInt128(IPAddress.Parse(equivalent)), value);
    }

    [Theory]
    [InlineData("1")] // legacy forms that IPAddress accepts
    [InlineData("127.1")]
    [InlineData("127.0.1")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f000001")]
    [InlineData("2130706433")]
    [InlineData("010.0.0.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("fe80::1%eth0")] // zone ids
    [InlineData("fe80::1%1")]
    [InlineData("[::1]")] // brackets
    [InlineData("[::1]:80")]
    public void TryParse_LegacyOrDecoratedForms_Rejected(string text)
    {
        Assert.True(IPAddress.TryParse(text, out _), text);
        Assert.False(IpAddressParser.TryParse(text, out _, out _), text);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4::5:6:7:8")]
    [InlineData("1::2::3")]
    [InlineData(":1::")]
    [InlineData("1::2:")]
    [InlineData("12345::")]
    [InlineData("g::")]
    [InlineData("::1.2.3")]
    [InlineData("::1.2.3.4.5")]
    [InlineData("::1.2.3.04")]
    [InlineData("1.2.3.4::")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("1.2.3.4.")]
    [InlineData(".1.2.3.4")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.4\0")]
    [InlineData("１.2.3.4")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.False(IpAddressParser.TryParse(text, out _, out _), text);

    [Fact]
    public void TryParse_AgreesWithIPAddress_OnGeneratedInputs()
    {
        var random = new Random(20241124);
        var mutantsAccepted = 0;
        var mutantsRejected = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var valid = n % 2 == 0 ? RandomIPv4(random) : RandomIPv6(random);
            Assert.True(Check(valid), $"'{valid}': generated valid, refused here");
            if (Check(Mutate(random, valid)))
            {
                mutantsAccepted++;
            }
            else
            {
                mutantsRejected++;
            }
        }

        // The mutations must exercise both outcomes, or the comparison proves little.
        Assert.InRange(mutantsAccepted, 100, 4_900);
        Assert.InRange(mutantsRejected, 100, 4_900);
    }

    [Fact]
    public void TryParse_DoesNotAllocate()
    {
        string[] inputs = ["10.1.2.3", "2001:db8::1", "::ffff:10.1.2.3", "1:2:3:4:5:6:7:8", "nonsense", "1::2::3"];
        foreach (var input in inputs)
        {
            IpAddressParser.TryParse(input, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1_000; n++)
        {
            foreach (var input in inputs)
            {
                IpAddressParser.TryParse(input, out _, out _);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Parses with both parsers, asserts they agree where they must, and returns this parser's verdict.</summary>
    private static bool Check(string text)
    {
        var ours = IpAddressParser.TryParse(text, out var value, out var isIPv4);
        var theirs = IPAddress.TryParse(text, out var reference);
        if (ours)
        {
            Assert.True(theirs, $"'{text}': accepted here, refused by IPAddress");
            Assert.Equal(isIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6, reference!.AddressFamily);
            Assert.True(ToUInt128(reference) == value, $"'{text}': parsed differently");
        }
        else if (theirs && IsStandardText(text))
        {
            Assert.Fail($"'{text}': standard text accepted by IPAddress but refused here");
        }

        return ours;
    }

    /// <summary>A canonical dotted quad, or IPv6 text without zone, brackets or a non-canonical IPv4 tail.</summary>
    private static bool IsStandardText(string text)
    {
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return DottedQuad().IsMatch(text);
        }

        if (!StandardIPv6Chars().IsMatch(text))
        {
            return false;
        }

        var lastColon = text.LastIndexOf(':');
        var tail = text[(lastColon + 1)..];
        return !tail.Contains('.', StringComparison.Ordinal) || DottedQuad().IsMatch(tail);
    }

    private static string RandomIPv4(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}");

    private static string RandomIPv6(Random random)
    {
        var groups = new ushort[8];
        for (var g = 0; g < 8; g++)
        {
            groups[g] = random.Next(3) == 0 ? (ushort)0 : (ushort)random.Next(random.Next(2) == 0 ? 16 : 65536);
        }

        switch (random.Next(4))
        {
            case 0:
                // The framework's canonical (RFC 5952) form.
                var bytes = new byte[16];
                for (var g = 0; g < 8; g++)
                {
                    bytes[2 * g] = (byte)(groups[g] >> 8);
                    bytes[(2 * g) + 1] = (byte)groups[g];
                }

                return new IPAddress(bytes).ToString();
            case 1:
                // The IPv4-mapped form.
                return "::ffff:" + RandomIPv4(random);
            default:
                return FormatIPv6(random, groups);
        }
    }

    /// <summary>Formats with random leading zeros, case, "::" placement and an optional IPv4 tail.</summary>
    private static string FormatIPv6(Random random, ushort[] groups)
    {
        var ipv4Tail = random.Next(4) == 0;
        var count = ipv4Tail ? 6 : 8;
        var compressStart = -1;
        var compressLength = 0;
        var start = random.Next(count);
        if (random.Next(2) == 0)
        {
            for (var g = start; g < count && random.Next(3) != 0; g++)
            {
                groups[g] = 0;
                compressLength++;
            }

            compressStart = compressLength > 0 ? start : -1;
        }

        var text = new StringBuilder();
        for (var g = 0; g < count; g++)
        {
            if (g == compressStart)
            {
                text.Append(g == 0 ? "::" : ":");
                g += compressLength - 1;
                continue;
            }

            var format = random.Next(3) switch { 0 => "x", 1 => "X", _ => "x4" };
            text.Append(groups[g].ToString(format, CultureInfo.InvariantCulture));
            if (g < count - 1 || ipv4Tail)
            {
                text.Append(':');
            }
        }

        if (ipv4Tail)
        {
            text.Append(RandomIPv4(random));
        }

        return text.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var position = random.Next(text.Length + 1);
        var c = Mutations[random.Next(Mutations.Length)];
        return random.Next(4) switch
        {
            0 when text.Length > 0 && position < text.Length => text.Remove(position, 1),
            1 when position < text.Length => text.Remove(position, 1).Insert(position, c.ToString()),
            2 => text[..position] + text[position..] + text[..position],
            _ => text.Insert(position, c.ToString()),
        };
    }

    private static UInt128 ToUInt128(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+$")]
    private static partial Regex StandardIPv6Chars();
}
