using Vexil.Core.Operators;

namespace Vexil.Core.Tests.Operators;

public sealed class CidrBlockTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", true)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("192.168.1.0/24", "192.168.1.77", true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("192.168.1.77", "192.168.1.77", true)]
    [InlineData("192.168.1.77", "192.168.1.78", false)]
    [InlineData("192.168.1.77/32", "192.168.1.77", true)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)] // host bits in the base are masked
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)] // IPv4-mapped IPv6 matches the IPv4 block
    [InlineData("10.0.0.0/8", "::FFFF:a01:203", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.1.2.3", false)]
    [InlineData("10.0.0.0/8", "::10.1.2.3", false)] // IPv4-compatible is not IPv4-mapped
    [InlineData("10.0.0.0/8", "64:ff9b::10.1.2.3", false)]
    [InlineData("2001:db8::/32", "2001:db8::1", true)]
    [InlineData("2001:db8::/32", "2001:DB8:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)] // an IPv4 address never matches an IPv6 block
    [InlineData("2001:db8:abcd:12::/64", "2001:db8:abcd:12:ffff::1", true)]
    [InlineData("2001:db8:abcd:12::/64", "2001:db8:abcd:13::1", false)]
    [InlineData("2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", true)]
    [InlineData("2001:db8::1/128", "2001:db8::2", false)]
    [InlineData("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("::/0", "1.2.3.4", false)]
    [InlineData("::ffff:0:0/96", "::ffff:1.2.3.4", true)]
    [InlineData("::ffff:0:0/96", "1.2.3.4", false)]
    [InlineData("fe80::/10", "febf::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("2001:db8::ffff/127", "2001:db8::fffe", true)]
    [InlineData("2001:db8::ffff/127", "2001:db8::1:0", false)]
    public void Contains_Cases(string block, string address, bool expected)
    {
        Assert.True(CidrBlock.TryParse(block, out var cidr), block);
        Assert.Equal(expected, cidr.Contains(address));
    }

    [Theory]
    [InlineData("10.0.0.0/8", 8, false)]
    [InlineData("10.0.0.1", 32, false)]
    [InlineData("2001:db8::/32", 32, true)]
    [InlineData("::1", 128, true)]
    [InlineData("::/0", 0, true)]
    public void TryParse_Valid_ReadsPrefix(string text, int prefixLength, bool isIPv6)
    {
        Assert.True(CidrBlock.TryParse(text, out var block));
        Assert.Equal(prefixLength, block.PrefixLength);
        Assert.Equal(isIPv6, block.IsIPv6);
        Assert.Equal(text, block.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/08")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0 /8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0/8")]
    [InlineData("10/8")]
    [InlineData("2001:db8::/129")]
    [InlineData("2001:db8::/1000")]
    [InlineData("2001:db8:::/32")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("[2001:db8::]/32")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(CidrBlock.TryParse(text, out var block));
        Assert.Null(block);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.1 ")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1/32")]
    [InlineData("::ffff:10.0.0.1%1")]
    [InlineData("[::ffff:10.0.0.1]")]
    public void Contains_InvalidAddress_ReturnsFalse(string? address)
    {
        Assert.True(CidrBlock.TryParse("0.0.0.0/0", out var v4));
        Assert.True(CidrBlock.TryParse("::/0", out var v6));
        Assert.False(v4.Contains(address));
        Assert.False(v6.Contains(address));
    }

    [Fact]
    public void Contains_DoesNotAllocate()
    {
        Assert.True(CidrBlock.TryParse("10.0.0.0/8", out var v4));
        Assert.True(CidrBlock.TryParse("2001:db8::/32", out var v6));
        v4.Contains("10.1.2.3");
        v6.Contains("2001:db8::1");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1_000; n++)
        {
            v4.Contains("10.1.2.3");
            v4.Contains("::ffff:10.1.2.3");
            v6.Contains("2001:db8::1");
            v6.Contains("bad");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
