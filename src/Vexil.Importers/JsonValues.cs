using System.Text.Json;

namespace Vexil.Importers;

/// <summary>Strict reads of source documents' values.</summary>
internal static class JsonValues
{
    public static bool TryInt(JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && Math.Truncate(number) == number
            && number is >= int.MinValue and <= int.MaxValue && (value = (int)number) == number;
    }

    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public static string? String(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool IsTrue(JsonElement element, string name) => TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement[] Array(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Of(string text) => Write(w => w.WriteStringValue(text));

    public static JsonElement Of(bool value) => Write(w => w.WriteBooleanValue(value));

    public static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
