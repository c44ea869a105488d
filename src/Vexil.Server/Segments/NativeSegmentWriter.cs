using System.Text.Json;

namespace Vexil.Server.Segments;

/// <summary>Writes a segment as a segment object of the native format.</summary>
internal static class NativeSegmentWriter
{
    public static void Write(Utf8JsonWriter writer, SegmentData segment)
    {
        writer.WriteStartObject();
        writer.WriteString("key", segment.Key);
        if (segment.Description is not null)
        {
            writer.WriteString("description", segment.Description);
        }

        WriteStrings(writer, "included", segment.Included);
        WriteStrings(writer, "excluded", segment.Excluded);
        writer.WritePropertyName("rules");
        segment.Rules.WriteTo(writer);
        if (segment.Contexts is { ValueKind: JsonValueKind.Object } contexts)
        {
            foreach (var property in contexts.EnumerateObject())
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    public static string ToJson(SegmentData segment)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, segment);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
