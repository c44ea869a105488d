using Microsoft.Extensions.Logging;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Delivery;

/// <summary>Polls <c>GET /sdk/v1/ruleset</c> with <c>If-None-Match</c> until cancelled or refused.</summary>
internal sealed class PollingDataSource(DeliveryHttp http, RulesetStore store, VexilOptions options, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.InitialReconnectDelay, options.MaxReconnectDelay);
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = await http.FetchRulesetAsync(KnownVersion(), cancellationToken).ConfigureAwait(false);
            TimeSpan delay = options.PollInterval;
            switch (result.Outcome)
            {
                case FetchOutcome.Updated:
                    store.Replace(result.Update!, fromServer: true, source: "poll");
                    backoff.Reset();
                    break;
                case FetchOutcome.NotModified:
                    store.MarkReady();
                    backoff.Reset();
                    break;
                case FetchOutcome.Refused:
                    logger.KeyRefused(result.StatusCode);
                    store.MarkOffline(result.Error!);
                    return;
                default:
                    logger.PollFailed(result.Error ?? "unknown");
                    store.MarkUnreachable(result.Error ?? "poll failed");
                    var retry = backoff.Next();
                    delay = result.RetryAfter ?? (retry < delay ? retry : delay);
                    break;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private long KnownVersion() => store.Current.HasRules ? store.Current.Version : 0;
}
