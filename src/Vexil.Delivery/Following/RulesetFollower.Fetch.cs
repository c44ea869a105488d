using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Vexil.Core.Compilation;
using Vexil.Delivery.Retry;

namespace Vexil.Delivery.Following;

public sealed partial class RulesetFollower
{
    /// <summary>
    /// Polls <c>/sdk/v1/ruleset</c> with <c>If-None-Match</c> every <see cref="FollowerOptions.PollInterval"/> (sooner,
    /// with backoff, after a failure) until cancelled; true when it stopped because the key was refused for good.
    /// </summary>
    private async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialDelay, _options.MaxDelay, _options.Random);
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = await FetchAsync(FollowedSource.Poll, cancellationToken).ConfigureAwait(false);
            var delay = _options.PollInterval;
            switch (result.Outcome)
            {
                case FetchOutcome.Updated:
                    backoff.Reset();
                    break;
                case FetchOutcome.Current:
                    _target.OnCurrent();
                    backoff.Reset();
                    break;
                case FetchOutcome.Refused when _options.RefusedRetryDelay is { } again:
                    delay = again;
                    break;
                case FetchOutcome.Refused:
                    return true;
                default:
                    _target.OnConnectionFailed(result.Error ?? "the ruleset request failed");
                    var retry = result.RetryAfter is { } asked ? backoff.After(asked) : backoff.Next();
                    delay = result.RetryAfter is not null || retry < delay ? retry : delay;
                    break;
            }

            if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary><c>GET /sdk/v1/ruleset</c>, conditional on the version held; a newer valid ruleset is persisted and published. Never throws but on cancellation.</summary>
    private async Task<FetchResult> FetchAsync(FollowedSource source, CancellationToken cancellationToken)
    {
        byte[] body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var request = Request(_rulesetUri);
                if (_target.Current is { } held)
                {
                    request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"" + held.Version.ToString(CultureInfo.InvariantCulture) + "\""));
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    _target.OnAccepted();
                    return new FetchResult(FetchOutcome.Current);
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    await _target.OnRefusedAsync(status, "/" + RulesetPath, cancellationToken).ConfigureAwait(false);
                    return new FetchResult(FetchOutcome.Refused, Error: $"HTTP {status}");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Failed(new FetchResult(FetchOutcome.Failed, Retry.RetryAfter.Read(response.Headers, _time.GetUtcNow()), $"HTTP {status}"));
                }

                _target.OnAccepted();
                body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(new FetchResult(FetchOutcome.Failed, Error: e is OperationCanceledException ? "timed out" : e.Message));
            }
        }

        var load = RulesetCompiler.Load(body);
        if (load.Ruleset is null)
        {
            var reason = Describe(load.Errors);
            Reject(FollowerRejection.InvalidRuleset, 0, reason);
            return Failed(new FetchResult(FetchOutcome.Failed, Error: "invalid ruleset: " + reason));
        }

        if (!IsNewer(load.Ruleset.Version))
        {
            return new FetchResult(FetchOutcome.Current);
        }

        await PersistAndPublishAsync(new FollowedUpdate(load.Ruleset, null, body, source), cancellationToken).ConfigureAwait(false);
        return new FetchResult(FetchOutcome.Updated);
    }

    private FetchResult Failed(FetchResult result)
    {
        LogFetchFailed(_logger, _rulesetUri, result.Error ?? "unknown");
        return result;
    }
}
