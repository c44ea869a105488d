using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>A flag's spec as JSON, as the API, the audit log and webhooks show it (variations in the native format).</summary>
internal static class FlagSpecJson
{
    public static JsonElement Variations(FlagSpec spec)
    {
        using var document = JsonDocument.Parse(FlagJson.VariationsColumn(spec));
        return document.RootElement.Clone();
    }

    public static JsonElement ToElement(FlagSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("key", spec.Key);
            w.WriteString("type", FlagJson.TypeName(spec.Type));
            w.WriteString("name", spec.Name);
            if (spec.Description is not null)
            {
                w.WriteString("description", spec.Description);
            }

            w.WriteStartArray("tags");
            foreach (var tag in spec.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteString("lifetime", FlagJson.LifetimeName(spec.Lifetime));
            w.WritePropertyName("variations");
            w.WriteRawValue(FlagJson.VariationsColumn(spec));
            if (spec.ExpectedLifetimeDays is { } days)
            {
                w.WriteNumber("expectedLifetimeDays", days);
            }

            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
