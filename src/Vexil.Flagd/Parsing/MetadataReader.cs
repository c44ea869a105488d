using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Serialization;

namespace Vexil.Flagd.Parsing;

/// <summary>Reads flagd metadata: an object whose values are strings, numbers or booleans.</summary>
internal static class MetadataReader
{
    /// <summary>Adds the valid entries of <paramref name="element"/> to <paramref name="into"/> (later keys win) and reports the rest.</summary>
    public static void Read(JsonElement element, string path, Dictionary<string, ContextValue> into, List<ValidationError> errors)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "metadata must be an object"));
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False:
                    into[property.Name] = ContextValue.FromJson(property.Value);
                    break;
                default:
                    errors.Add(new ValidationError($"{path}.{property.Name}", "a metadata value must be a string, a number or a boolean"));
                    break;
            }
        }
    }
}
