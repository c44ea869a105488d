using System.Buffers;
using System.Text.Json;

namespace Vexil.Sdk.Events;

/// <summary>Writes a <c>POST /events/v1/bulk</c> body (docs/protocol.md).</summary>
internal static class SummaryPayload
{
    public static byte[] Write(Guid batchId, IReadOnlyList<PendingSummary> summaries)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (summaries.Count * 160));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", batchId);
            w.WriteString("sdk", Delivery.DeliveryHttp.UserAgent);
            w.WriteStartArray("summaries");
            foreach (var s in summaries)
            {
                w.WriteStartObject();
                w.WriteString("flag", s.Flag);
                if (s.Variation is null)
                {
                    w.WriteNull("variation"); // the caller's default was served
                }
                else
                {
                    w.WriteString("variation", s.Variation);
                }

                w.WriteNumber("version", s.Version);
                w.WriteNumber("count", s.Count);
                w.WriteString("start", s.Start.UtcDateTime);
                w.WriteString("end", s.End.UtcDateTime);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("exposures");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
