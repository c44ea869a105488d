using System.Globalization;
using Npgsql;

namespace Vexil.Server.Storage.Postgres;

/// <summary>
/// Hears other replicas' commits: <c>LISTEN</c> on the versions channel, and after every (re)connect a catch-up
/// read of all environment versions, so nothing committed while disconnected is missed. Reconnects with jittered backoff.
/// Whether it listens is kept in <see cref="PostgresListenerState"/> (readiness).
/// </summary>
internal sealed partial class PostgresVersionListener(
    NpgsqlDataSource dataSource,
    PostgresDatabase database,
    EnvironmentVersionTracker tracker,
    PostgresListenerState state,
    TimeProvider time,
    ILogger<PostgresVersionListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Catch up only after LISTEN: anything committed from here on is also notified.
                foreach (var (id, version) in await database.GetEnvironmentVersionsAsync(stoppingToken))
                {
                    tracker.Observe(id, version);
                }

                LogListening(logger);
                state.Listening();
                attempt = 0;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                state.Lost(e.Message);
                attempt++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempt, 6))) * (0.5 + (Random.Shared.NextDouble() / 2)));
                LogDisconnected(logger, e, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && long.TryParse(payload.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            tracker.Observe(id, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other replicas' changes")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the change notification connection; retrying in {DelayMs} ms")]
    private static partial void LogDisconnected(ILogger logger, Exception exception, double delayMs);
}
