using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vexil.Edge.Serve;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Api;

/// <summary>
/// Every role that reads JSON from callers, in this process on loopback: a control plane with a project (flag <c>f</c>,
/// segment <c>s</c>, a server and a client key), an edge following it with the server key, and <c>vexil serve</c> on a
/// flagd file.
/// </summary>
public sealed class BadUnicodeFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vexil-unicode-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _serve;

    public VexilTestServer ControlPlane { get; private set; } = null!;

    public EdgeHost Edge { get; private set; } = null!;

    public Uri Serve { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string Project { get; private set; } = null!;

    public string ServerKey { get; private set; } = null!;

    public string ClientKey { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ControlPlane = await VexilTestServer.StartAsync();
        Admin = await ControlPlane.AdminAsync();
        Project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(Project, "f");
        (await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{Project}/environments/production/segments", new { key = "s" })).EnsureSuccessStatusCode();
        ServerKey = await AuthorizationMatrixTests.SdkKeyAsync(Admin, Project, "production", "server");
        ClientKey = await AuthorizationMatrixTests.SdkKeyAsync(Admin, Project, "production", "client");
        Edge = await EdgeHost.StartAsync(ControlPlane.Address, ServerKey, Path.Combine(_folder, "edge"));

        var flags = Path.Combine(_folder, "flags.json");
        await File.WriteAllTextAsync(flags, """{"flags":{"f":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}}}""", TestContext.Current.CancellationToken);
        _serve = ServeApp.Create(["--flags-file", flags, "--Vexil:Listen=http://127.0.0.1:0"], builder => builder.Logging.ClearProviders());
        await _serve.StartAsync(TestContext.Current.CancellationToken);
        Serve = new Uri(_serve.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (_serve is not null)
        {
            await _serve.StopAsync(CancellationToken.None);
            await _serve.DisposeAsync();
        }

        await Edge.DisposeAsync();
        await ControlPlane.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
