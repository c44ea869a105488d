using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// The variations typed in the new-flag form, one per line as <c>key = value</c>: a boolean flag gets on/off when
/// none are typed; string values are taken as typed; number and object values are JSON.
/// </summary>
internal static class NewFlagVariations
{
    public static JsonElement? Parse(string type, string text, List<string> errors)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 && type == "boolean")
        {
            return JsonSerializer.SerializeToElement(new JsonArray(
                new JsonObject { ["key"] = "on", ["value"] = true },
                new JsonObject { ["key"] = "off", ["value"] = false }));
        }

        var array = new JsonArray();
        foreach (var line in lines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"Variation '{line}': write key = value.");
                continue;
            }

            var key = line[..eq].Trim();
            var raw = line[(eq + 1)..].Trim();
            JsonNode? value;
            if (type == "string")
            {
                value = JsonValue.Create(raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw);
            }
            else if (type == "number" && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                value = JsonValue.Create(n);
            }
            else if (type == "boolean" && bool.TryParse(raw, out var b))
            {
                value = JsonValue.Create(b);
            }
            else
            {
                try
                {
                    value = JsonNode.Parse(raw);
                }
                catch (JsonException)
                {
                    errors.Add($"Variation '{key}': '{raw}' is not a {type} value.");
                    continue;
                }
            }

            array.Add(new JsonObject { ["key"] = key, ["value"] = value });
        }

        if (array.Count == 0)
        {
            errors.Add("Add at least one variation, one per line as key = value.");
            return null;
        }

        return JsonSerializer.SerializeToElement(array);
    }
}
