using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vexil.Events.Bus;

namespace Vexil.Events.Webhooks;

/// <summary>
/// Sends queued deliveries, each attempt on its own task (bounded by <see cref="WebhookOptions.MaxConcurrency"/>) with
/// its own timeout, so one slow receiver never holds up another. A failure is retried through the bus (nak with an
/// exponential delay), so retries survive a restart; every attempt is written to the delivery log.
/// </summary>
internal sealed partial class WebhookDispatcher : BackgroundService
{
    public const string ConsumerName = "webhook-dispatcher";

    private readonly IMessageBus _bus;
    private readonly IWebhookSubscriptions _subscriptions;
    private readonly SqliteWebhookDeliveryLog _log;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly EventsMetrics? _metrics;

    public WebhookDispatcher(IMessageBus bus, IWebhookSubscriptions subscriptions, SqliteWebhookDeliveryLog log, WebhookOptions options, TimeProvider time, ILogger<WebhookDispatcher> logger, EventsMetrics? metrics = null)
    {
        _metrics = metrics;
        _bus = bus;
        _subscriptions = subscriptions;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _http = new HttpClient(WebhookConnector.CreateHandler(new WebhookDestinationPolicy(options.AllowedNetworks), options.AttemptTimeout))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public override void Dispose()
    {
        base.Dispose(); // cancels the loop first: a start that failed disposes without stopping
        _http.Dispose();
        _slots.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IMessageConsumer? consumer = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                consumer ??= await _bus.OpenConsumerAsync(WebhookPublisher.Topic, ConsumerName, stoppingToken);
                await _slots.WaitAsync(stoppingToken);
                var free = _slots.CurrentCount + 1;
                IReadOnlyList<BusMessage> messages;
                try
                {
                    messages = await consumer.FetchAsync(free, TimeSpan.FromSeconds(1), stoppingToken);
                }
                finally
                {
                    _slots.Release();
                }

                foreach (var message in messages)
                {
                    await _slots.WaitAsync(stoppingToken);
                    var attempt = Task.Run(() => AttemptAsync(consumer, message, stoppingToken), CancellationToken.None);
                    _inFlight.TryAdd(attempt, true);
                    _ = attempt.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogBusFailure(_logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(_inFlight.Keys);
    }

    private async Task AttemptAsync(IMessageConsumer consumer, BusMessage message, CancellationToken stoppingToken)
    {
        try
        {
            var delivery = WebhookMessage.Read(message.Payload);
            var subscription = delivery is null ? null : await _subscriptions.FindAsync(delivery.SubscriptionId, stoppingToken);
            if (delivery is null || subscription is null)
            {
                LogDropped(_logger, message.MessageId);
                await consumer.AckAsync(message, stoppingToken);
                return;
            }

            var attempt = (int)Math.Min(message.DeliveryCount, int.MaxValue);
            var (status, error, detail) = await SendAsync(subscription, delivery, stoppingToken);
            var delivered = status is >= 200 and < 300;
            var outcome = delivered ? WebhookOutcome.Delivered : attempt >= _options.MaxAttempts ? WebhookOutcome.GaveUp : WebhookOutcome.Retrying;
            _metrics?.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
            {
                WebhookOutcome.Delivered => "delivered",
                WebhookOutcome.Retrying => "retrying",
                _ => "gave_up",
            }));
            await RecordAsync(new WebhookAttempt(delivery.DeliveryId, subscription.Id, attempt, _time.GetUtcNow(), outcome, status, error), stoppingToken);
            if (outcome == WebhookOutcome.Retrying)
            {
                var delay = RetryDelay(attempt);
                LogRetrying(_logger, delivery.DeliveryId, subscription.Url, attempt, delay.TotalSeconds, detail ?? error ?? $"HTTP {status}");
                await consumer.NakAsync(message, delay, stoppingToken);
            }
            else
            {
                if (outcome == WebhookOutcome.GaveUp)
                {
                    LogGaveUp(_logger, delivery.DeliveryId, subscription.Url, attempt, detail ?? error ?? $"HTTP {status}");
                }

                await consumer.AckAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message is not acknowledged and comes back.
        }
        catch (Exception ex)
        {
            LogAttemptFailed(_logger, message.MessageId, ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The status, or the class of failure for the delivery log and its details for the server log only.</summary>
    private async Task<(int? Status, string? Error, string? Detail)> SendAsync(WebhookSubscription subscription, WebhookMessage delivery, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url);
        request.Content = new ByteArrayContent(delivery.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var now = _time.GetUtcNow();
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.IdHeader, delivery.DeliveryId);
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.TimestampHeader, StandardWebhookSignature.Timestamp(now));
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(subscription.Secret, delivery.DeliveryId, now, delivery.Body));
        // Until receivers have moved to the Standard Webhooks headers (docs/events.md): the first signature and its id.
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Sign(subscription.Secret, now, delivery.Body));
        request.Headers.TryAddWithoutValidation("Vexil-Delivery", delivery.DeliveryId);
        request.Headers.TryAddWithoutValidation("Vexil-Event", delivery.Type);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, null, null);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (null, WebhookFailure.TimedOut(_options.AttemptTimeout), null);
        }
        catch (HttpRequestException ex)
        {
            return (null, Classify(ex), Describe(ex));
        }
    }

    private static string Classify(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookDestinationDeniedException)
            {
                return WebhookFailure.NotAllowed;
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError => WebhookFailure.ConnectionFailed,
            HttpRequestError.SecureConnectionError => WebhookFailure.TlsFailed,
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError => WebhookFailure.InvalidResponse,
            _ => WebhookFailure.RequestFailed,
        };
    }

    /// <summary>Every message down the chain, for the server log.</summary>
    private static string Describe(Exception ex)
    {
        var text = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += " → " + inner.Message;
        }

        return text;
    }

    private async Task RecordAsync(WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            await _log.RecordAsync(attempt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(_logger, attempt.DeliveryId, ex);
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.InitialRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < _options.MaxRetryDelay ? exponential : _options.MaxRetryDelay;
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }
}
