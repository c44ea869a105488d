using System.Buffers;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Events.Ingestion;

/// <summary>
/// What travels on the bus for one accepted batch: <c>{"environment":…,"receivedAt":…,"batch":{…}}</c>, the batch being the
/// sender's body byte for byte, so the hot path never re-serialises it.
/// </summary>
internal static class EventEnvelope
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static byte[] Write(string environment, DateTimeOffset receivedAt, ReadOnlySpan<byte> batchJson)
    {
        var buffer = new ArrayBufferWriter<byte>(batchJson.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("environment", environment);
            writer.WriteNumber("receivedAt", receivedAt.ToUnixTimeMilliseconds());
            writer.WritePropertyName("batch");
            writer.WriteRawValue(batchJson, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an envelope; null when it is not one (a poison message).</summary>
    public static (string Environment, EventBatch Batch)? Read(ReadOnlyMemory<byte> payload, int maxItems)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, DocumentOptions);
            if (JsonUnicode.TryFindInvalidText(payload.Span, out _))
            {
                return null; // reading its strings would throw (the ingestor never lets one through)
            }

            var root = document.RootElement;
            if (!root.TryGetProperty("environment", out var environment) || environment.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("batch", out var batchElement))
            {
                return null;
            }

            var result = EventBatchReader.Read(batchElement, maxItems);
            return result.Batch is { } batch ? (environment.GetString()!, batch) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
