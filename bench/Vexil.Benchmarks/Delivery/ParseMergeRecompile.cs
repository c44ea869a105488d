using System.Buffers;
using System.Text.Json;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Benchmarks.Delivery;

/// <summary>
/// The way the SDK (Snapshots/ChangeApplier) and the edge (EdgeRuleset.Apply) applied a change before Vexil.Delivery,
/// kept here only as the benchmark's baseline: parse the whole held document and the change, write the merged document
/// (upserts replace in place or are appended, deletes removed), then read and compile it all again.
/// </summary>
internal static class ParseMergeRecompile
{
    public static CompiledRuleset? Apply(byte[] held, byte[] change, long version)
    {
        using var current = JsonDocument.Parse(held);
        using var parsed = JsonDocument.Parse(change);
        var buffer = new ArrayBufferWriter<byte>(held.Length + change.Length + 64);
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
                WriteMerged(writer, parsed.RootElement.GetProperty(section), existing);
            }

            writer.WriteEndObject();
        }

        return RulesetCompiler.Load(buffer.WrittenSpan).Ruleset;
    }

    private static void WriteMerged(Utf8JsonWriter writer, JsonElement section, JsonElement existing)
    {
        var upserts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var order = new List<string>();
        var deletes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in section.GetProperty("upsert").EnumerateArray())
        {
            var key = KeyOf(item)!;
            upserts.Add(key, item);
            order.Add(key);
        }

        foreach (var item in section.GetProperty("delete").EnumerateArray())
        {
            deletes.Add(item.GetString()!);
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
    }

    private static string? KeyOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
}
