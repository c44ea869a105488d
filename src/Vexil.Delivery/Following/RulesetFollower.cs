using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Delivery.Persistence;
using Vexil.Delivery.Retry;

namespace Vexil.Delivery.Following;

/// <summary>
/// Keeps one environment's ruleset in step with an upstream (docs/protocol.md), for the SDK and the edge alike: follows
/// <c>/sdk/v1/stream</c> from the version held (<c>Last-Event-ID</c>), applies <c>change</c> events strictly in order
/// and incrementally (<see cref="Changes.ChangeEvent.ApplyTo"/>), fetches a whole <c>/sdk/v1/ruleset</c> on a gap or a
/// change that cannot be applied, never goes back a version, replaces a stream silent for
/// <see cref="FollowerOptions.IdleTimeout"/>, reconnects with jittered exponential backoff honouring <c>Retry-After</c>,
/// treats <c>401</c>/<c>403</c> as the key's refusal, and may fall back to polling when a proxy breaks the stream.
/// Every update is saved to the last-known-good store <b>before</b> it is published to the target.
/// </summary>
public sealed partial class RulesetFollower
{
    internal const string StreamPath = "sdk/v1/stream";
    internal const string RulesetPath = "sdk/v1/ruleset";

    private readonly HttpClient _http;
    private readonly FollowerOptions _options;
    private readonly IFollowerTarget _target;
    private readonly ILastKnownGood? _lastKnownGood;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _streamUri;
    private readonly Uri _rulesetUri;
    private long _refetches;
    private Tracing.ChangeTrace? _pendingTrace;
    private int _polling;

    /// <summary>Creates a follower; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="http">The client for the upstream (its handler carries TLS trust and proxies); not disposed here.</param>
    /// <param name="options">Where and how to follow.</param>
    /// <param name="target">What is kept current.</param>
    /// <param name="lastKnownGood">Where each update is saved before it is published, or null.</param>
    /// <param name="time">The clock, or null for the system clock.</param>
    /// <param name="logger">Where to log, or null.</param>
    public RulesetFollower(HttpClient http, FollowerOptions options, IFollowerTarget target, ILastKnownGood? lastKnownGood = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        _http = http;
        _options = options;
        _target = target;
        _lastKnownGood = lastKnownGood;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _streamUri = new Uri(options.BaseAddress, StreamPath);
        _rulesetUri = new Uri(options.BaseAddress, RulesetPath);
    }

    /// <summary>True while the follower has fallen back from streaming to polling.</summary>
    public bool IsPolling => Volatile.Read(ref _polling) == 1;

    /// <summary>How many times a whole ruleset was fetched to heal a gap or something that could not be applied.</summary>
    public long Refetches => Interlocked.Read(ref _refetches);

    /// <summary>
    /// Follows the upstream until <paramref name="cancellationToken"/> is cancelled, or until the key is refused when
    /// <see cref="FollowerOptions.RefusedRetryDelay"/> is null. Never throws but on cancellation.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        _options.Mode == FollowerMode.Polling ? PollAsync(cancellationToken) : StreamAsync(cancellationToken);

    private async Task StreamAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialDelay, _options.MaxDelay, _options.Random);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var attempt = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            TimeSpan delay;
            if (attempt.Refused)
            {
                if (_options.RefusedRetryDelay is not { } again)
                {
                    return;
                }

                delay = again;
            }
            else
            {
                _target.OnConnectionFailed(attempt.Reason);
                if (attempt.Delivered)
                {
                    failures = 0;
                    backoff.Reset();
                }
                else if (attempt.Reached && attempt.RetryAfter is null && _options.StreamFailuresBeforePolling is { } limit && ++failures >= limit)
                {
                    LogFallingBackToPolling(_logger, failures, _options.PollInterval, _options.StreamRetryInterval);
                    if (!await PollForAWhileAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    failures = 0;
                    backoff.Reset();
                    continue;
                }

                delay = attempt.RetryAfter is { } asked ? backoff.After(asked) : backoff.Next();
                LogStreamFailed(_logger, _streamUri, attempt.Reason, delay);
            }

            if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Polls for <see cref="FollowerOptions.StreamRetryInterval"/>; false when the follower must stop (cancelled, or refused for good).</summary>
    private async Task<bool> PollForAWhileAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _polling, 1);
        try
        {
            using var interval = new CancellationTokenSource(_options.StreamRetryInterval, _time);
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            var refused = await PollAsync(window.Token).ConfigureAwait(false);
            return !refused && !cancellationToken.IsCancellationRequested;
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
