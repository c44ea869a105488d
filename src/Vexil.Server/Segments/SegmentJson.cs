using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Segments;

/// <summary>Segments in the native format through Core's reader and writer, and the columns a segment is stored in.</summary>
internal static class SegmentJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical native segment object, UTF-8.</summary>
    public static byte[] Write(SegmentDefinition segment)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            RulesetJson.WriteSegment(writer, segment);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(SegmentDefinition segment) => Encoding.UTF8.GetString(Write(segment));

    public static JsonElement ToElement(SegmentDefinition segment)
    {
        using var document = JsonDocument.Parse(Write(segment));
        return document.RootElement.Clone();
    }

    public static bool Same(SegmentDefinition left, SegmentDefinition right) =>
        Write(left with { Version = 0 }).AsSpan().SequenceEqual(Write(right with { Version = 0 }));

    /// <summary>
    /// Reads one segment object with Core's reader; errors carry paths relative to the object. Core reads segments as
    /// members of a ruleset, so the object is read as the one segment of an otherwise empty document.
    /// </summary>
    public static (SegmentDefinition? Segment, IReadOnlyList<ValidationError> Errors) Read(ReadOnlySpan<byte> segmentUtf8)
    {
        var buffer = new ArrayBufferWriter<byte>(segmentUtf8.Length + 64);
        buffer.Write("{\"formatVersion\":1,\"version\":0,\"segments\":["u8);
        buffer.Write(segmentUtf8);
        buffer.Write("]}"u8);
        var read = RulesetJson.Read(buffer.WrittenSpan);
        if (read.Ruleset is { Segments.Count: 1 } ruleset)
        {
            return (ruleset.Segments[0], []);
        }

        const string Prefix = "segments[0]";
        var errors = new List<ValidationError>(read.Errors.Count);
        foreach (var error in read.Errors)
        {
            var path = error.Path.StartsWith(Prefix, StringComparison.Ordinal) ? error.Path[Prefix.Length..].TrimStart('.') : error.Path;
            errors.Add(error with { Path = path });
        }

        return (null, errors);
    }

    /// <summary>Reads a segment the control plane stored itself.</summary>
    public static SegmentDefinition ReadStored(string key, string? description, string included, string excluded, string rules, long version, string? extra)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            if (description is not null)
            {
                w.WriteString("description", description);
            }

            w.WritePropertyName("included");
            w.WriteRawValue(included);
            w.WritePropertyName("excluded");
            w.WriteRawValue(excluded);
            w.WritePropertyName("rules");
            w.WriteRawValue(rules);
            w.WriteNumber("version", version);
            Flags.FlagJson.WriteExtra(w, extra);
            w.WriteEndObject();
        }

        var (segment, errors) = Read(buffer.WrittenSpan);
        return segment ?? throw new InvalidDataException($"A stored segment is not valid: {string.Join("; ", errors)}");
    }

    /// <summary>The <c>rules</c> column: the canonical rules array.</summary>
    public static string RulesColumn(SegmentDefinition segment) => Flags.FlagJson.Members(Write(segment)).GetValueOrDefault("rules", "[]");

    /// <summary>The <c>extra</c> column: every member of the canonical segment that no column holds, as one JSON object, or null.</summary>
    public static string? ExtraColumn(SegmentDefinition segment) => Flags.FlagJson.Extra(Flags.FlagJson.Members(Write(segment)), ColumnMembers);

    private static readonly HashSet<string> ColumnMembers = ["key", "description", "included", "excluded", "rules", "version"];
}
