using Vexil.Cluster.Tests.Infrastructure;
using Vexil.Testing;

namespace Vexil.Cluster.Tests.Tls;

/// <summary>
/// A control plane on HTTPS (encrypted key, its password from a file) with one project whose flag <c>tls-flag</c> is on
/// in production, and an edge on HTTPS following it with the CA file.
/// </summary>
public sealed class TlsFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("vexil-tls-").FullName;

    public TestCertificates Certificates { get; private set; } = null!;

    public NodeProcess ControlPlane { get; private set; } = null!;

    public NodeProcess Edge { get; private set; } = null!;

    public Uri ControlPlaneAddress { get; private set; } = null!;

    public Uri EdgeAddress { get; private set; } = null!;

    public string ServerKey { get; private set; } = string.Empty;

    public string Root => _root;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Certificates = TestCertificates.Create(Path.Combine(_root, "certs"));
        ControlPlaneAddress = new Uri($"https://127.0.0.1:{NodeProcess.FreePort()}");
        ControlPlane = NodeProcess.Start([], new Dictionary<string, string>
        {
            ["Vexil__Listen"] = ControlPlaneAddress.ToString(),
            ["Vexil__DataDirectory"] = Path.Combine(_root, "cp"),
            ["Vexil__AdminPassword"] = VexilServerProcess.AdminPassword,
            ["Vexil__Tls__CertificateFile"] = Certificates.CertificateFile,
            ["Vexil__Tls__KeyFile"] = Certificates.EncryptedKeyFile,
            ["Vexil__Tls__KeyPasswordFile"] = Certificates.KeyPasswordFile,
        });
        using var trusting = Certificates.TrustingHandler();
        await ControlPlane.WaitForAsync(new Uri(ControlPlaneAddress, "/healthz"), trusting, TimeSpan.FromSeconds(60), cancellationToken);

        using (var admin = await AdminApi.SignInAsync(ControlPlaneAddress, VexilServerProcess.AdminPassword, Certificates.TrustingHandler(), cancellationToken))
        {
            var project = await admin.CreateProjectAsync(cancellationToken);
            await admin.CreateBooleanFlagAsync(project, "tls-flag", cancellationToken);
            await admin.SetEnabledAsync(project, "production", "tls-flag", true, cancellationToken);
            ServerKey = await admin.CreateSdkKeyAsync(project, "production", "server", cancellationToken);
        }

        (Edge, EdgeAddress) = StartEdge("edge", Certificates.CaFile);
        await Edge.WaitForAsync(new Uri(EdgeAddress, "/health/ready"), trusting, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Starts an edge on HTTPS (the same certificate) following the control plane, trusting <paramref name="caFile"/>.</summary>
    public (NodeProcess Edge, Uri Address) StartEdge(string name, string caFile)
    {
        var address = new Uri($"https://127.0.0.1:{NodeProcess.FreePort()}");
        var edge = NodeProcess.Start(["edge", "--upstream", ControlPlaneAddress.ToString()], new Dictionary<string, string>
        {
            ["Vexil__Listen"] = address.ToString(),
            ["Vexil__Edge__DataDirectory"] = Path.Combine(_root, name),
            ["Vexil__Edge__Keys__0"] = ServerKey,
            ["Vexil__Edge__UpstreamCaFile"] = caFile,
            ["Vexil__Edge__ReconnectMinDelay"] = "00:00:00.200",
            ["Vexil__Edge__ReconnectMaxDelay"] = "00:00:01",
            ["Vexil__Tls__CertificateFile"] = Certificates.CertificateFile,
            ["Vexil__Tls__KeyFile"] = Certificates.KeyFile,
        });
        return (edge, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }

        if (ControlPlane is not null)
        {
            await ControlPlane.DisposeAsync();
        }

        Certificates?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
