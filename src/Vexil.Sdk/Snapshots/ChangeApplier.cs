using System.Buffers;
using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// Applies a <c>change</c> event (docs/protocol.md) to a ruleset document: upserted flags and segments replace those
/// with the same key (or are appended), deleted keys are removed, and the result is read and compiled as a whole
/// document, so it passes exactly the validation a full ruleset does.
/// </summary>
internal static class ChangeApplier
{
    public static CompiledUpdate Apply(byte[] currentJson, ReadOnlySpan<byte> changeJson, long version)
    {
        try
        {
            using var current = JsonDocument.Parse(currentJson);
            using var change = JsonDocument.Parse(changeJson.ToArray());
            var root = change.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return CompiledUpdate.Invalid("a change must be a JSON object");
            }

            if (root.TryGetProperty("version", out var v) && (!v.TryGetInt64(out var bodyVersion) || bodyVersion != version))
            {
                return CompiledUpdate.Invalid("the change's version does not match its event id");
            }

            var buffer = new ArrayBufferWriter<byte>(currentJson.Length + changeJson.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("formatVersion", RulesetDefinition.FormatVersion);
                writer.WriteString("environment", current.RootElement.GetProperty("environment").GetString());
                writer.WriteNumber("version", version);
                foreach (var section in (ReadOnlySpan<string>)["flags", "segments"])
                {
                    writer.WritePropertyName(section);
                    var existing = current.RootElement.TryGetProperty(section, out var items) ? items : default;
                    if (!WriteMerged(writer, Section(root, section), existing, out var error))
                    {
                        return CompiledUpdate.Invalid(error!);
                    }
                }

                writer.WriteEndObject();
            }

            return CompiledUpdate.FromJson(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return CompiledUpdate.Invalid("malformed change: " + e.Message);
        }
    }

    private static JsonElement Section(JsonElement root, string name) =>
        root.TryGetProperty(name, out var section) ? section : default;

    private static bool WriteMerged(Utf8JsonWriter writer, JsonElement section, JsonElement existing, out string? error)
    {
        var upserts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var order = new List<string>();
        var deletes = new HashSet<string>(StringComparer.Ordinal);
        if (section.ValueKind == JsonValueKind.Object)
        {
            if (section.TryGetProperty("upsert", out var upsert))
            {
                foreach (var item in upsert.EnumerateArray())
                {
                    if (KeyOf(item) is not { } k)
                    {
                        error = "an upserted object has no string key";
                        return false;
                    }

                    if (!upserts.TryAdd(k, item))
                    {
                        error = $"'{k}' is upserted twice";
                        return false;
                    }

                    order.Add(k);
                }
            }

            if (section.TryGetProperty("delete", out var delete))
            {
                foreach (var item in delete.EnumerateArray())
                {
                    deletes.Add(item.GetString() ?? string.Empty);
                }
            }
        }
        else if (section.ValueKind != JsonValueKind.Undefined)
        {
            error = "flags and segments must be objects";
            return false;
        }

        writer.WriteStartArray();
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (existing.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in existing.EnumerateArray())
            {
                var key = KeyOf(item) ?? string.Empty;
                if (upserts.TryGetValue(key, out var replacement))
                {
                    replacement.WriteTo(writer);
                    written.Add(key);
                }
                else if (!deletes.Contains(key))
                {
                    item.WriteTo(writer);
                }
            }
        }

        foreach (var key in order)
        {
            if (written.Add(key))
            {
                upserts[key].WriteTo(writer);
            }
        }

        writer.WriteEndArray();
        error = null;
        return true;
    }

    private static string? KeyOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
}
