using System.Buffers;
using System.Text.Json;
using Vexil.Events.Bus;

namespace Vexil.Events.Webhooks;

/// <summary>
/// Queues a project's event for every subscription of the project. Returns once each delivery is durably on the bus;
/// sending happens in the background, so a slow or dead receiver never delays the caller.
/// </summary>
public sealed class WebhookPublisher
{
    /// <summary>The bus topic of webhook deliveries.</summary>
    internal const string Topic = "webhooks";

    private readonly IMessageBus _bus;
    private readonly IWebhookSubscriptions _subscriptions;
    private readonly SqliteWebhookDeliveryLog _log;
    private readonly TimeProvider _time;

    internal WebhookPublisher(IMessageBus bus, IWebhookSubscriptions subscriptions, SqliteWebhookDeliveryLog log, TimeProvider time)
    {
        _bus = bus;
        _subscriptions = subscriptions;
        _log = log;
        _time = time;
    }

    /// <summary>
    /// Queues event <paramref name="eventId"/> of <paramref name="eventType"/> with <paramref name="data"/> (JSON) for every
    /// subscription of <paramref name="project"/>; returns the delivery ids. Publishing the same event id again is a no-op
    /// within the bus's duplicate window. The receiver gets <c>{"id","type","project","createdAt","data"}</c>.
    /// </summary>
    public Task<IReadOnlyList<string>> PublishAsync(string project, string eventId, string eventType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        PublishAsync(project, null, eventId, eventType, data, cancellationToken);

    /// <summary>
    /// Like <see cref="PublishAsync(string, string, string, ReadOnlyMemory{byte}, CancellationToken)"/> for an event of one
    /// environment: only the subscriptions whose event types and environment filter match it get a delivery.
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishAsync(string project, string? environment, string eventId, string eventType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        byte[]? body = null;
        var deliveries = new List<string>();
        foreach (var subscription in await _subscriptions.ForProjectAsync(project, cancellationToken))
        {
            if (!subscription.Matches(eventType, environment))
            {
                continue;
            }

            body ??= Body(project, eventId, eventType, data.Span);
            var deliveryId = eventId + "." + subscription.Id;
            var message = new WebhookMessage(deliveryId, subscription.Id, eventType, body);
            await _bus.PublishAsync(Topic, deliveryId, message.Write(), cancellationToken);
            deliveries.Add(deliveryId);
        }

        return deliveries;
    }

    /// <summary>The latest <paramref name="limit"/> attempts in the delivery log of one subscription, oldest first.</summary>
    public Task<IReadOnlyList<WebhookAttempt>> GetAttemptsAsync(string subscriptionId, int limit, CancellationToken cancellationToken) =>
        _log.ForSubscriptionAsync(subscriptionId, limit, cancellationToken);

    private byte[] Body(string project, string eventId, string eventType, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", eventId);
            writer.WriteString("type", eventType);
            writer.WriteString("project", project);
            writer.WriteString("createdAt", _time.GetUtcNow());
            writer.WritePropertyName("data");
            writer.WriteRawValue(data);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
