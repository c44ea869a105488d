using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.Options;
using Vexil.Server.Delivery;

namespace Vexil.Server.Edge;

/// <summary>
/// Keeps every environment of the edge in step with the upstream: first the last-known-good file (so the edge
/// serves at once), then for each environment a loop that follows <c>/sdk/v1/stream</c> from the version it holds,
/// applies events strictly in order, heals gaps with a whole ruleset, rejects what does not validate, and
/// reconnects with jittered exponential backoff (honouring Retry-After).
/// </summary>
internal sealed partial class UpstreamFollower(
    EdgeEnvironments environments,
    IHttpClientFactory httpClients,
    IOptions<EdgeOptions> options,
    DeliveryMetrics metrics,
    UpstreamKeyRefusals refusals,
    TimeProvider time,
    ILogger<UpstreamFollower> logger) : BackgroundService
{
    public const string HttpClientName = "vexil-upstream";

    private readonly LastKnownGoodStore _disk = new(options.Value.DataDirectory);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens: whatever was last known good is served at once.
        foreach (var environment in environments.All)
        {
            refusals.Load(environment);
            await LoadFromDiskAsync(environment, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(environments.All.Select(e => Task.Run(() => FollowAsync(e, stoppingToken), stoppingToken)));

    private async Task LoadFromDiskAsync(EdgeEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            if (await _disk.LoadAsync(environment.FileName, cancellationToken) is not { } saved)
            {
                return;
            }

            var (ruleset, errors) = EdgeRuleset.Load(saved.Json);
            if (ruleset is null)
            {
                metrics.Rejected("disk");
                LogDiskRejected(logger, environment.FileName, errors.Count > 0 ? errors[0].ToString() : "invalid");
                return;
            }

            environment.Install(ruleset, "disk");
            environment.MarkSynced(saved.SavedAt);
            environment.Feed.PublishRuleset(await DeliveryEvent.RulesetAsync(ruleset.Version, ruleset.Json));
            LogLoadedFromDisk(logger, ruleset.Definition.Environment, ruleset.Version);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiskUnreadable(logger, e, environment.FileName);
        }
    }

    private async Task FollowAsync(EdgeEnvironment environment, CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? retryAfter = null;
            try
            {
                retryAfter = await StreamOnceAsync(environment, () => attempt = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUpstreamFailed(logger, environment.Name, e.GetType().Name, e.Message);
            }
            finally
            {
                if (environment.Connected)
                {
                    environment.MarkSynced(time.GetUtcNow());
                }

                environment.SetConnected(false);
            }

            var delay = retryAfter ?? Backoff(attempt++);
            metrics.Reconnect();
            LogReconnecting(logger, environment.Name, delay.TotalMilliseconds);
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

    /// <summary>One connection; returns the delay the upstream asked for (Retry-After), if any.</summary>
    private async Task<TimeSpan?> StreamOnceAsync(EdgeEnvironment environment, Action healthy, CancellationToken stoppingToken)
    {
        using var client = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.Upstream), "sdk/v1/stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", environment.Key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (environment.Current is { } held)
        {
            request.Headers.TryAddWithoutValidation(DeliveryApi.LastEventIdHeader, held.Version.ToString(CultureInfo.InvariantCulture));
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
        {
            return response.Headers.RetryAfter?.Delta is { } after ? Jitter(after) : null;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // Revoked, or expired after a rotation: stop serving the key (and end its streams); keep asking, slowly.
            await refusals.RefusedAsync(environment, (int)response.StatusCode, "/sdk/v1/stream", stoppingToken);
            return options.Value.ReconnectMaxDelay;
        }

        response.EnsureSuccessStatusCode();
        refusals.Accepted(environment);
        await using var body = await response.Content.ReadAsStreamAsync(idle.Token);
        await using var watched = new IdleWatchStream(body, options.Value.UpstreamIdleTimeout, time, idle);
        environment.SetConnected(true);
        var parser = SseParser.Create(watched, static (type, data) => (Type: type, Data: data.ToArray()));
        await foreach (var item in parser.EnumerateAsync(idle.Token))
        {
            environment.MarkSynced(time.GetUtcNow());
            healthy();
            var applied = item.EventType switch
            {
                DeliveryEvent.RulesetType => await ApplyRulesetAsync(environment, item.Data.Data, idle.Token),
                DeliveryEvent.ChangeType => await ApplyChangeAsync(environment, item.Data.Data, idle.Token),
                _ => true, // unknown event types are ignored (protocol compatibility)
            };
            if (!applied)
            {
                return null; // could not be healed on this connection: reconnect with backoff
            }
        }

        if (stoppingToken.IsCancellationRequested)
        {
            stoppingToken.ThrowIfCancellationRequested();
        }

        LogStreamEnded(logger, environment.Name);
        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var min = options.Value.ReconnectMinDelay.TotalMilliseconds;
        var capped = Math.Min(options.Value.ReconnectMaxDelay.TotalMilliseconds, min * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (1 + (Random.Shared.NextDouble() / 5));
}
