using System.Diagnostics.Metrics;

namespace Vexil.Server.Auth;

/// <summary>
/// The gauge <c>vexil.auth.token.expiry</c>: seconds until each active API token that has an expiry expires (login
/// sessions are left out), so an alert can warn before automation loses its token. The token list is read from the
/// store at start and again, in the background, when a collection finds it older than <see cref="MaxAge"/>; a
/// collection never waits on the store.
/// </summary>
internal sealed partial class TokenExpiryMetrics : IHostedService
{
    public const string MeterName = "Vexil.Auth";

    /// <summary>How old the token list may get before a collection refreshes it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly AuthStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<TokenExpiryMetrics> _logger;
    private ApiTokenState[] _tokens = [];
    private long _refreshedAt = long.MinValue;
    private int _refreshing;

    public TokenExpiryMetrics(IMeterFactory meterFactory, AuthStore store, TimeProvider time, ILogger<TokenExpiryMetrics> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        meterFactory.Create(MeterName).CreateObservableGauge(
            "vexil.auth.token.expiry",
            Observe,
            "s",
            "Seconds until each active API token with an expiry expires (negative once expired).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow();
        if (now.ToUnixTimeMilliseconds() - Volatile.Read(ref _refreshedAt) > MaxAge.TotalMilliseconds && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(CancellationToken.None);
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            });
        }

        var measurements = new List<Measurement<double>>();
        foreach (var token in Volatile.Read(ref _tokens))
        {
            // By id only: a token's name is chosen by people and may say more than a scraper should see.
            measurements.Add(new Measurement<double>(
                (token.ExpiresAt!.Value - now).TotalSeconds,
                new KeyValuePair<string, object?>("vexil.token.id", token.Id)));
        }

        return measurements;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var tokens = await _store.ListApiTokensAsync(cancellationToken);
            Volatile.Write(ref _tokens, [.. tokens.Where(t => t.RevokedAt is null && t.ExpiresAt is not null)]);
            Volatile.Write(ref _refreshedAt, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read API tokens for the expiry metric; keeping the last list")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
