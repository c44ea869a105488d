using Vexil.Server.Hosting;
using Vexil.Hosting.Configuration;

namespace Vexil.Server.Tests.Hosting.Configuration;

/// <summary><c>Vexil:WebhookAllowedNetworks</c> is read at start; a value that is not a network stops it, naming the entry.</summary>
public sealed class WebhookAllowedNetworksTests
{
    [Theory]
    [InlineData("hooks.internal")]
    [InlineData("10.0.0.0/40")]
    [InlineData("")]
    public void ANonNetwork_StopsTheStart_NamingTheSetting(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => VexilApp.Create(["--Vexil:WebhookAllowedNetworks:0=10.0.0.0/8", $"--Vexil:WebhookAllowedNetworks:1={value}"]));

        Assert.Contains("Vexil:WebhookAllowedNetworks:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworksAndAddresses_AreRead()
    {
        var options = new VexilOptions { WebhookAllowedNetworks = ["10.0.0.0/8", "127.0.0.1", "fd00::/8"] };

        Assert.Equal(["10.0.0.0/8", "127.0.0.1/32", "fd00::/8"], options.ParseWebhookAllowedNetworks().Select(n => n.ToString()));
    }
}
