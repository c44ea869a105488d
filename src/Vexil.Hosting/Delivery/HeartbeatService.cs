using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Delivery;

/// <summary>Every heartbeat interval, queues a comment to every stream of every feed (never waiting on any of them).</summary>
internal sealed class HeartbeatService(IDeliverySource source, IOptions<DeliveryOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var feed in source.Feeds)
                {
                    feed.Heartbeat();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
