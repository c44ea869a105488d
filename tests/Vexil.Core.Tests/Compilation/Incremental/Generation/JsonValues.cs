using System.Text.Json;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>JSON values for definitions built in code.</summary>
internal static class JsonValues
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Of(string value) => Parse(JsonSerializer.Serialize(value));

    public static JsonElement Of(double value) => Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    public static JsonElement Of(bool value) => Parse(value ? "true" : "false");
}
