using System.Net;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

public sealed class WebhookDestinationPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.1.2")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")]
    [InlineData("192.0.0.192")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")] // AWS metadata over IPv6
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")] // Teredo
    [InlineData("::127.0.0.1")] // IPv4-compatible
    public void ReservedAddresses_AreRefused_ByDefault(string address) =>
        Assert.False(WebhookDestinationPolicy.Default.Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1")] // 6to4 of 8.8.8.8
    public void PublicAddresses_AreAllowed(string address) =>
        Assert.True(WebhookDestinationPolicy.Default.Allows(IPAddress.Parse(address)));

    [Fact]
    public void AnAllowedNetwork_OpensThatNetworkOnly()
    {
        var policy = new WebhookDestinationPolicy([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("fd00::/8")]);

        Assert.True(policy.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("fd12::1")));
        Assert.False(policy.Allows(IPAddress.Parse("::1")));
        Assert.False(policy.Allows(IPAddress.Parse("10.0.0.1")));
        Assert.False(policy.Allows(IPAddress.Parse("169.254.169.254")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5399/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://LOCALHOST./")]
    [InlineData("http://app.localhost/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://instance-data/latest/")]
    public void Urls_NamingAReservedAddress_AreRefused(string url)
    {
        Assert.True(WebhookDestinationPolicy.Default.RefusesUrl(new Uri(url), out var reason));
        Assert.Contains("must not name", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.com/vexil")]
    [InlineData("http://93.184.215.14/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    public void OtherUrls_AreJudgedWhenConnecting(string url) =>
        Assert.False(WebhookDestinationPolicy.Default.RefusesUrl(new Uri(url), out _));

    [Fact]
    public void AllowedLoopback_AllowsLocalhostUrls()
    {
        var policy = new WebhookDestinationPolicy([IPNetwork.Parse("127.0.0.0/8")]);

        Assert.False(policy.RefusesUrl(new Uri("http://localhost:9000/"), out _));
        Assert.True(policy.RefusesUrl(new Uri("http://169.254.169.254/"), out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData(" ::1 ", "::1/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    public void TryParseNetwork_NetworksAndSingleAddresses(string text, string expected)
    {
        Assert.True(WebhookDestinationPolicy.TryParseNetwork(text, out var network));
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("hooks.example.com")]
    public void TryParseNetwork_Rubbish_IsRefused(string text) =>
        Assert.False(WebhookDestinationPolicy.TryParseNetwork(text, out _));
}
