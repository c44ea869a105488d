using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Vexil.Delivery.Retry;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// Keeps the client keys of every environment the edge serves in step with the upstream: first the copy on disk
/// (so client keys work at once after a restart with the upstream down), then <c>GET /sdk/v1/client-keys</c> every
/// <see cref="EdgeOptions.ClientKeyRefresh"/> at most (jittered down to half, so edges restarted together do not poll in
/// lock-step) with <c>If-None-Match</c>. A key the upstream stops listing (revoked)
/// stops working here at the next answer; a key being rotated out carries its expiry, enforced here even while the
/// upstream is unreachable; the streams of a key that stopped working end at once. An upstream refusing the edge's
/// server key here (401/403) makes the edge stop serving that key (<see cref="UpstreamKeyRefusals"/>). Only hashes
/// travel and are kept, never keys.
/// </summary>
internal sealed partial class ClientKeyFollower(
    EdgeEnvironments environments,
    IHttpClientFactory httpClients,
    IOptions<EdgeOptions> options,
    UpstreamKeyRefusals refusals,
    StreamKeyChecker streams,
    TimeProvider time,
    ILogger<ClientKeyFollower> logger,
    Func<double>? random = null) : BackgroundService
{
    public const string FileSuffix = ".client-keys.json";

    private readonly LastKnownGoodStore _disk = new(options.Value.DataDirectory);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var environment in environments.All)
        {
            try
            {
                if (await _disk.LoadAsync(environment.FileName, cancellationToken, FileSuffix) is { } saved && ClientKeyDocument.Parse(saved.Json) is { } keys)
                {
                    environment.InstallClientKeys(keys);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogDiskUnreadable(logger, e, environment.FileName);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(environments.All.Select(e => Task.Run(() => FollowAsync(e, stoppingToken), stoppingToken)));

    private async Task FollowAsync(EdgeEnvironment environment, CancellationToken stoppingToken)
    {
        var backoff = new Backoff(options.Value.ClientKeyRefresh, Max(options.Value.ClientKeyRefresh, options.Value.ReconnectMaxDelay), random);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await RefreshAsync(environment, backoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                LogRefreshFailed(logger, environment.Name, e.Message);
                delay = backoff.Next();
            }

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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One request; returns how long to wait before the next (the backoff's when the upstream is busy).</summary>
    private async Task<TimeSpan> RefreshAsync(EdgeEnvironment environment, Backoff backoff, CancellationToken stoppingToken)
    {
        using var client = httpClients.CreateClient(UpstreamHandler.HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.FetchTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.Upstream), "sdk/v1/client-keys"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", environment.Key);
        if (environment.ClientKeys is { } held)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", held.ETag);
        }

        using var response = await client.SendAsync(request, timeout.Token);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotModified)
        {
            backoff.Reset();
        }

        switch (response.StatusCode)
        {
            case HttpStatusCode.NotModified:
                refusals.Accepted(environment);
                return backoff.Interval();
            case HttpStatusCode.OK:
                refusals.Accepted(environment);
                break;
            case HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests:
                return RetryAfter.Read(response.Headers, time.GetUtcNow()) is { } asked ? backoff.After(asked) : backoff.Next();
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                // The upstream refuses this server key (revoked, or expired): the key and its client keys stop working here.
                environment.InstallClientKeys(ClientKeyDocument.Create([]));
                await refusals.RefusedAsync(environment, (int)response.StatusCode, "/sdk/v1/client-keys", stoppingToken);
                return backoff.Interval();
            case HttpStatusCode.NotFound:
                // The upstream is too old to list client keys: they cannot be confirmed, so none are accepted until it answers.
                LogRefused(logger, environment.FileName, (int)response.StatusCode);
                InstallAndCheck(environment, ClientKeyDocument.Create([]));
                return options.Value.ReconnectMaxDelay;
            default:
                response.EnsureSuccessStatusCode();
                break;
        }

        var json = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        if (ClientKeyDocument.Parse(json) is not { } keys)
        {
            LogRejected(logger, environment.Name);
            return backoff.Interval();
        }

        InstallAndCheck(environment, keys);
        try
        {
            await _disk.SaveAsync(environment.FileName, json, stoppingToken, FileSuffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiskWriteFailed(logger, e, environment.Name);
        }

        LogInstalled(logger, environment.Name, keys.Keys.Count);
        return backoff.Interval();
    }

    /// <summary>Installs the keys and has the streams of any key that stopped working ended.</summary>
    private void InstallAndCheck(EdgeEnvironment environment, ClientKeyDocument keys)
    {
        environment.InstallClientKeys(keys);
        streams.RequestCheck();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the client keys file of {File}")]
    private static partial void LogDiskUnreadable(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the client keys file of '{Environment}'")]
    private static partial void LogDiskWriteFailed(ILogger logger, Exception exception, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the client keys of '{Environment}': {Message}")]
    private static partial void LogRefreshFailed(ILogger logger, string environment, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "The upstream does not list client keys for key {KeyId} ({Status}); no client key is accepted for it")]
    private static partial void LogRefused(ILogger logger, string keyId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upstream sent client keys of '{Environment}' that are not well formed; the held ones stay")]
    private static partial void LogRejected(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client keys of '{Environment}': {Count} active")]
    private static partial void LogInstalled(ILogger logger, string environment, int count);
}
