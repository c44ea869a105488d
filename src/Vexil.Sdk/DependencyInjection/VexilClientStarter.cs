using Microsoft.Extensions.Hosting;

namespace Vexil.Sdk.DependencyInjection;

/// <summary>Creates the client when the host starts, so its rules are on their way before the first request.</summary>
internal sealed class VexilClientStarter(VexilClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(client);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
