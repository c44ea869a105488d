using Microsoft.Extensions.Configuration;
using Vexil.Server.Hosting;
using Vexil.Hosting.Configuration;

namespace Vexil.Server.Tests.Hosting.Configuration;

/// <summary>Half a TLS configuration never starts (no silent fallback to plain HTTP or a development certificate).</summary>
public sealed class TlsSetupTests
{
    [Theory]
    [InlineData("https://127.0.0.1:0", null, null, "HTTPS needs Vexil:Tls:CertificateFile")]
    [InlineData("http://127.0.0.1:0", "/etc/vexil/cert.pem", "/etc/vexil/key.pem", "use an https:// address")]
    [InlineData("https://127.0.0.1:0", "/etc/vexil/cert.pem", null, "without Vexil:Tls:KeyFile")]
    [InlineData("https://127.0.0.1:0", "/no/such/cert.pem", "/no/such/key.pem", "Cannot load the TLS certificate '/no/such/cert.pem'")]
    public void Create_WithIncompleteTls_RefusesToStart(string listen, string? certificate, string? key, string message)
    {
        var refused = Assert.Throws<ConfigurationException>(() => VexilApp.Create([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:Listen"] = listen,
            ["Vexil:Tls:CertificateFile"] = certificate,
            ["Vexil:Tls:KeyFile"] = key,
        })));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
