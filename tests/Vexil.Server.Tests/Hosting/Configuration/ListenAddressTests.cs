using Microsoft.Extensions.Configuration;
using Vexil.Hosting.Configuration;

namespace Vexil.Server.Tests.Hosting.Configuration;

/// <summary>
/// Which address wins: <c>Vexil:Listen</c>, else <c>--urls</c>/<c>ASPNETCORE_URLS</c> (configuration key <c>urls</c>),
/// else <c>ASPNETCORE_HTTP_PORTS</c>/<c>ASPNETCORE_HTTPS_PORTS</c> (<c>http_ports</c>, <c>https_ports</c>), else the default.
/// </summary>
public sealed class ListenAddressTests
{
    private const string Default = "http://127.0.0.1:5080";

    [Theory]
    [InlineData(null, null, null, null, Default, "the default")]
    [InlineData(null, "http://127.0.0.1:5190", null, null, "http://127.0.0.1:5190", "--urls / ASPNETCORE_URLS")]
    [InlineData(null, "http://127.0.0.1:5190;http://[::1]:5191", "8080", null, "http://127.0.0.1:5190;http://[::1]:5191", "--urls / ASPNETCORE_URLS")]
    [InlineData(null, null, "8080", null, "http://*:8080", "ASPNETCORE_HTTP_PORTS / ASPNETCORE_HTTPS_PORTS")]
    [InlineData(null, null, "8080;8081", "8443", "http://*:8080;http://*:8081;https://*:8443", "ASPNETCORE_HTTP_PORTS / ASPNETCORE_HTTPS_PORTS")]
    [InlineData("http://127.0.0.1:6000", "http://127.0.0.1:5190", "8080", null, "http://127.0.0.1:6000", "Vexil:Listen")]
    [InlineData("http://127.0.0.1:6000", null, "8080", null, "http://127.0.0.1:6000", "Vexil:Listen")]
    [InlineData("  ", "http://127.0.0.1:5190", null, null, "http://127.0.0.1:5190", "--urls / ASPNETCORE_URLS")]
    public void Resolve_FollowsThePrecedence(string? listen, string? urls, string? httpPorts, string? httpsPorts, string expected, string source)
    {
        var resolved = ListenAddress.Resolve(Configuration(listen, urls, httpPorts, httpsPorts), Default);

        Assert.Equal(expected, resolved.Value);
        Assert.Equal(source, resolved.Source);
    }

    [Fact]
    public void Resolve_VexilListenWins_AndNamesTheConventionItOverrode()
    {
        var resolved = ListenAddress.Resolve(Configuration("http://127.0.0.1:6000", "http://127.0.0.1:5190", null, null), Default);

        Assert.Equal("--urls / ASPNETCORE_URLS (http://127.0.0.1:5190)", resolved.Unused);
        Assert.Null(ListenAddress.Resolve(Configuration(null, "http://127.0.0.1:5190", null, null), Default).Unused);
    }

    [Theory]
    [InlineData(null, "8080x", "ASPNETCORE_HTTP_PORTS is '8080x': '8080x' is not a port")]
    [InlineData(null, "70000", "'70000' is not a port")]
    [InlineData(null, "-1", "'-1' is not a port")]
    [InlineData("127.0.0.1:5190", null, "'127.0.0.1:5190' is not an address")]
    public void Resolve_SomethingThatIsNotAnAddress_IsRefusedByName(string? urls, string? httpPorts, string message)
    {
        var refused = Assert.Throws<ConfigurationException>(() => ListenAddress.Resolve(Configuration(null, urls, httpPorts, null), Default));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Https_IsTrueWhenAnyAddressIsHttps()
    {
        Assert.True(ListenAddress.Resolve(Configuration(null, null, "8080", "8443"), Default).Https);
        Assert.False(ListenAddress.Resolve(Configuration(null, null, "8080", null), Default).Https);
    }

    private static IConfiguration Configuration(string? listen, string? urls, string? httpPorts, string? httpsPorts) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Listen"] = listen,
            ["urls"] = urls,
            ["http_ports"] = httpPorts,
            ["https_ports"] = httpsPorts,
        }).Build();
}
