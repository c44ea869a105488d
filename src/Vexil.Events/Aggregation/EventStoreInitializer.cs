using Microsoft.Extensions.Hosting;

namespace Vexil.Events.Aggregation;

/// <summary>
/// Opens the aggregate store when the host starts (on PostgreSQL: migrates it under its advisory lock), before the
/// aggregator and the rollup use it; a store that cannot open stops the start instead of failing every batch later.
/// </summary>
internal sealed class EventStoreInitializer(IEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
