using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Server.Environments;

namespace Vexil.Server.Delivery;

/// <summary>
/// Turns change-log rows into <c>change</c> events, one per version:
/// <c>{"version":43,"committedAt":"…","flags":{"upsert":[…],"delete":[…]},"segments":{"upsert":[…],"delete":[…]}}</c>.
/// </summary>
internal static class ChangeEvents
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The events for the versions after <paramref name="after"/>, contiguous from <paramref name="after"/> + 1,
    /// stopping at the first gap. When <paramref name="truncated"/>, the last version may be incomplete and is left out.
    /// </summary>
    public static async Task<List<DeliveryEvent>> FromChangeLogAsync(IReadOnlyList<ChangeEntry> entries, long after, bool truncated)
    {
        var events = new List<DeliveryEvent>();
        var expected = after + 1;
        var start = 0;
        while (start < entries.Count)
        {
            var version = entries[start].Version;
            var end = start;
            while (end < entries.Count && entries[end].Version == version)
            {
                end++;
            }

            if (version != expected || (truncated && end == entries.Count))
            {
                break;
            }

            events.Add(await DeliveryEvent.ChangeAsync(version, Write(version, entries, start, end), entries[start].At));
            expected++;
            start = end;
        }

        return events;
    }

    private static byte[] Write(long version, IReadOnlyList<ChangeEntry> entries, int start, int end)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            writer.WriteString("committedAt", entries[start].At);
            foreach (var (kind, property) in new[] { ("flag", "flags"), ("segment", "segments") })
            {
                writer.WriteStartObject(property);
                writer.WriteStartArray("upsert");
                for (var i = start; i < end; i++)
                {
                    if (entries[i].Kind == kind && entries[i].Operation == "upsert" && entries[i].Payload is { } payload)
                    {
                        payload.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
                writer.WriteStartArray("delete");
                for (var i = start; i < end; i++)
                {
                    if (entries[i].Kind == kind && entries[i].Operation == "delete")
                    {
                        writer.WriteStringValue(entries[i].Key);
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
