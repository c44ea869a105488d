namespace Vexil.Server.Tests.Infrastructure;

/// <summary>One real server on SQLite shared by a test class; every test makes its own project.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public VexilTestServer Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await VexilTestServer.StartAsync();
        Admin = await Server.AdminAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}
