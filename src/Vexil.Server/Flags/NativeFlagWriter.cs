using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>Writes a flag (definition plus one environment's configuration) as a flag object of the native format.</summary>
internal static class NativeFlagWriter
{
    public static void Write(Utf8JsonWriter writer, FlagDefinitionData definition, FlagConfigData config, long version)
    {
        writer.WriteStartObject();
        writer.WriteString("key", definition.Key);
        writer.WriteString("type", definition.Type);
        if (definition.Description is not null)
        {
            writer.WriteString("description", definition.Description);
        }

        writer.WriteStartArray("tags");
        foreach (var tag in definition.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteString("lifetime", definition.Lifetime);
        writer.WritePropertyName("variations");
        definition.Variations.WriteTo(writer);
        writer.WriteNumber("version", version);
        writer.WriteBoolean("enabled", config.Enabled);
        if (config.OffVariation is not null)
        {
            writer.WriteString("offVariation", config.OffVariation);
        }

        if (config.Salt is not null)
        {
            writer.WriteString("salt", config.Salt);
        }

        if (config.ContextKinds)
        {
            writer.WriteBoolean("contextKinds", true);
        }

        writer.WritePropertyName("prerequisites");
        config.Prerequisites.WriteTo(writer);
        writer.WritePropertyName("targets");
        config.Targets.WriteTo(writer);
        writer.WritePropertyName("rules");
        config.Rules.WriteTo(writer);
        writer.WritePropertyName("fallthrough");
        config.Fallthrough.WriteTo(writer);
        writer.WriteEndObject();
    }

    public static string ToJson(FlagDefinitionData definition, FlagConfigData config, long version)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, definition, config, version);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static JsonElement ToElement(FlagDefinitionData definition, FlagConfigData config, long version) =>
        JsonSerializer.Deserialize<JsonElement>(ToJson(definition, config, version));
}
