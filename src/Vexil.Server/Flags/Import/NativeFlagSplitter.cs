using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Flags.Import;

/// <summary>Splits a native flag into the store's shared definition and one environment's configuration.</summary>
internal static class NativeFlagSplitter
{
    public static ImportedFlag Split(FlagDefinition flag)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RulesetJson.WriteFlag(writer, flag);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = document.RootElement;
        var empty = JsonSerializer.Deserialize<JsonElement>("[]");
        JsonElement Part(string name) => root.TryGetProperty(name, out var value) ? value.Clone() : empty;

        var definition = new FlagDefinitionData(
            flag.Key,
            root.GetProperty("type").GetString()!,
            flag.Key,
            flag.Description,
            flag.Tags,
            "temporary",
            Part("variations"));
        var config = new FlagConfigData(flag.Enabled, flag.OffVariation, flag.Salt, Part("prerequisites"), Part("targets"), Part("rules"), Part("fallthrough"), flag.ContextKinds);
        return new ImportedFlag(definition, config);
    }
}
