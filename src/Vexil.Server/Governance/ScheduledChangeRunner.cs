namespace Vexil.Server.Governance;

/// <summary>
/// Applies due schedules: every <see cref="Poll"/> (on the host's <see cref="TimeProvider"/>) it runs what is due. Every
/// replica runs one; the conditional claim in <see cref="Schedules.RunAsync"/> lets exactly one of them apply each schedule.
/// </summary>
internal sealed partial class ScheduledChangeRunner(Schedules schedules, TimeProvider time, ILogger<ScheduledChangeRunner> logger) : BackgroundService
{
    /// <summary>How often due schedules are looked for (a schedule runs at most this late while a replica is up).</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await schedules.RunDueAsync(stoppingToken);
                if (done > 0)
                {
                    LogRan(logger, done);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRunFailed(logger, e);
            }

            try
            {
                await Task.Delay(Poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ran {Count} scheduled changes")]
    private static partial void LogRan(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not run due scheduled changes; retrying")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
