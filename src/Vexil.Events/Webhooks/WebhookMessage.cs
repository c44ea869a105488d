using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vexil.Events.Webhooks;

/// <summary>
/// One delivery on the bus: <c>{"deliveryId","subscriptionId","type","body":{…}}</c>. The body is fixed when the event is
/// published, so every attempt sends (and signs) the same bytes; the secret is looked up at send time, never queued.
/// </summary>
internal sealed record WebhookMessage(string DeliveryId, string SubscriptionId, string Type, byte[] Body)
{
    public byte[] Write()
    {
        var buffer = new ArrayBufferWriter<byte>(Body.Length + 160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("deliveryId", DeliveryId);
            writer.WriteString("subscriptionId", SubscriptionId);
            writer.WriteString("type", Type);
            writer.WriteString("body", Encoding.UTF8.GetString(Body));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static WebhookMessage? Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            return new WebhookMessage(
                root.GetProperty("deliveryId").GetString()!,
                root.GetProperty("subscriptionId").GetString()!,
                root.GetProperty("type").GetString()!,
                Encoding.UTF8.GetBytes(root.GetProperty("body").GetString()!));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
