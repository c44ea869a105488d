using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// Ends the streams of keys that are no longer accepted: every <see cref="DeliveryOptions.KeyCheckInterval"/> it asks
/// the role's <see cref="IStreamKeyAuthority"/> about every key with open streams (so a revocation on another replica,
/// and an expiry that no write announces, end streams within that bound), and at once when something here changed a
/// key (<see cref="RequestCheck"/>: a revocation or rotation on this replica, an edge's upstream refusing its key or
/// no longer listing a client key). Ending a key's streams is O(its streams); the fan-out never looks at keys.
/// </summary>
internal sealed partial class StreamKeyChecker(
    OpenStreams streams,
    IStreamKeyAuthority authority,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<StreamKeyChecker> logger) : BackgroundService
{
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks for a check now (coalesced with one already asked for).</summary>
    public void RequestCheck() => Volatile.Read(ref _requested).TrySetResult();

    /// <summary>Checks every key with open streams once; returns how many streams were ended.</summary>
    internal async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _requested, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var callers = streams.Callers();
        if (callers.Count == 0)
        {
            return 0;
        }

        var ended = 0;
        foreach (var keyHash in await authority.FindRefusedAsync(callers, cancellationToken))
        {
            var count = streams.End(keyHash);
            if (count > 0)
            {
                ended += count;
                metrics.StreamsRevoked(count);
                LogEnded(logger, count, keyHash[..16]);
            }
        }

        return ended;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogCheckFailed(logger, e);
            }

            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var requested = Volatile.Read(ref _requested).Task;
                await Task.WhenAny(requested, Task.Delay(options.Value.KeyCheckInterval, time, wait.Token));
                await wait.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended {Count} stream(s) of key {KeyId}: the key is no longer accepted")]
    private static partial void LogEnded(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the keys of open streams; none was ended, retrying at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
