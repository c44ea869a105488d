using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vexil.Events.Aggregation;

/// <summary>Periodically rolls per-minute counts older than the retention into hours and prunes expired rows.</summary>
internal sealed partial class EventMaintenance(IEventStore store, EventsOptions options, TimeProvider time, ILogger<EventMaintenance> logger) : BackgroundService
{
    /// <summary>One pass, as of now.</summary>
    public Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.MaintainAsync(now - options.MinuteRetention, now - options.HourRetention, now - options.ProcessedBatchRetention, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MaintenanceInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Event rollup failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
