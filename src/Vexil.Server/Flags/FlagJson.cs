using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Flags;

/// <summary>
/// Flags in the native format through Core's one reader and one writer: the canonical JSON of a flag (change log,
/// audit, responses) and the columns a flag is stored in (each column holds one member of the canonical flag object).
/// </summary>
internal static class FlagJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical native flag object, UTF-8.</summary>
    public static byte[] Write(FlagDefinition flag)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            RulesetJson.WriteFlag(writer, flag);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(FlagDefinition flag) => Encoding.UTF8.GetString(Write(flag));

    public static JsonElement ToElement(FlagDefinition flag)
    {
        using var document = JsonDocument.Parse(Write(flag));
        return document.RootElement.Clone();
    }

    public static bool SameFlag(FlagDefinition left, FlagDefinition right) => Write(left).AsSpan().SequenceEqual(Write(right));

    /// <summary>Reads a native flag object that the control plane wrote itself (its columns, its change log).</summary>
    public static FlagDefinition Read(JsonElement element)
    {
        var (flag, errors) = RulesetJson.ReadFlag(element);
        return flag ?? throw new InvalidDataException($"A stored flag is not valid: {string.Join("; ", errors)}");
    }

    /// <summary>The <c>variations</c> column: the canonical variations array.</summary>
    public static string VariationsColumn(FlagSpec spec) => Members(Write(spec.With(FlagTargeting.Off, 0))).GetValueOrDefault("variations", "[]");

    /// <summary>
    /// The targeting columns: prerequisites, targets, rules and fallthrough, each its canonical member, and
    /// <c>extra</c>: every other member of the canonical flag that no column holds (fields Core's model gained since the
    /// columns were made), as one JSON object, or null.
    /// </summary>
    public static (string Prerequisites, string Targets, string Rules, string Fallthrough, string? Extra) TargetingColumns(FlagSpec spec, FlagTargeting targeting)
    {
        var members = Members(Write(spec.With(targeting, 0)));
        return (members.GetValueOrDefault("prerequisites", "[]"), members.GetValueOrDefault("targets", "[]"), members.GetValueOrDefault("rules", "[]"), members.GetValueOrDefault("fallthrough", "{}"), Extra(members, ColumnMembers));
    }

    /// <summary>The members of a flag object that have a column of their own.</summary>
    private static readonly HashSet<string> ColumnMembers =
        ["key", "type", "description", "tags", "lifetime", "variations", "version", "enabled", "offVariation", "salt", "prerequisites", "targets", "rules", "fallthrough"];

    /// <summary>The members not in <paramref name="known"/>, as one JSON object (canonical order kept), or null when there are none.</summary>
    internal static string? Extra(Dictionary<string, string> members, HashSet<string> known)
    {
        StringBuilder? extra = null;
        foreach (var (name, raw) in members)
        {
            if (known.Contains(name))
            {
                continue;
            }

            extra = extra is null ? new StringBuilder("{") : extra.Append(',');
            extra.Append(JsonSerializer.Serialize(name)).Append(':').Append(raw);
        }

        return extra?.Append('}').ToString();
    }

    /// <summary>The top-level members of a JSON object as raw JSON text, in order, sliced out of the bytes (no document built).</summary>
    internal static Dictionary<string, string> Members(byte[] utf8Object)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Object);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            members[name] = Encoding.UTF8.GetString(utf8Object, start, (int)reader.BytesConsumed - start);
        }

        return members;
    }

    /// <summary>Puts a stored flag back together from its columns and reads it with Core's reader.</summary>
    public static FlagDefinition FromColumns(FlagColumns columns)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("key", columns.Key);
            w.WriteString("type", columns.Type);
            if (columns.Description is not null)
            {
                w.WriteString("description", columns.Description);
            }

            w.WritePropertyName("tags");
            w.WriteRawValue(columns.Tags);
            w.WriteString("lifetime", columns.Lifetime);
            w.WritePropertyName("variations");
            w.WriteRawValue(columns.Variations);
            w.WriteNumber("version", columns.Version);
            w.WriteBoolean("enabled", columns.Enabled);
            if (columns.OffVariation is not null)
            {
                w.WriteString("offVariation", columns.OffVariation);
            }

            if (columns.Salt is not null)
            {
                w.WriteString("salt", columns.Salt);
            }

            w.WritePropertyName("prerequisites");
            w.WriteRawValue(columns.Prerequisites);
            w.WritePropertyName("targets");
            w.WriteRawValue(columns.Targets);
            w.WritePropertyName("rules");
            w.WriteRawValue(columns.Rules);
            w.WritePropertyName("fallthrough");
            w.WriteRawValue(columns.Fallthrough);
            WriteExtra(w, columns.Extra);
            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return Read(document.RootElement);
    }

    /// <summary>Writes the members of an <c>extra</c> column back into the object being written.</summary>
    internal static void WriteExtra(Utf8JsonWriter writer, string? extra)
    {
        if (extra is null)
        {
            return;
        }

        using var document = JsonDocument.Parse(extra);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            member.WriteTo(writer);
        }
    }

    public static string TypeName(FlagValueType type) => type switch
    {
        FlagValueType.Boolean => "boolean",
        FlagValueType.String => "string",
        FlagValueType.Number => "number",
        _ => "object",
    };

    public static string LifetimeName(FlagLifetime lifetime) => lifetime == FlagLifetime.Permanent ? "permanent" : "temporary";

}
