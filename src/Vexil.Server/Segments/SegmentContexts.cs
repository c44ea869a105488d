using System.Text.Json;

namespace Vexil.Server.Segments;

/// <summary>Builds a segment's <see cref="SegmentData.Contexts"/> object from the API's fields.</summary>
internal static class SegmentContexts
{
    public static JsonElement? Of(JsonElement? included, JsonElement? excluded, string? salt)
    {
        if (included is null && excluded is null && salt is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (included is { } i)
            {
                writer.WritePropertyName("includedContexts");
                i.WriteTo(writer);
            }

            if (excluded is { } e)
            {
                writer.WritePropertyName("excludedContexts");
                e.WriteTo(writer);
            }

            if (salt is not null)
            {
                writer.WriteString("salt", salt);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
