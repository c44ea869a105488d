using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Delivery.Changes;

/// <summary>
/// Writes a change event:
/// <c>{"version":43,"committedAt":"…","flags":{"upsert":[…],"delete":[…]},"segments":{"upsert":[…],"delete":[…]}}</c>,
/// flags and segments in Core's canonical form, in the change's order. The bytes are pinned by the protocol's golden
/// files (tests/Vexil.Server.Tests/Delivery/Compatibility).
/// </summary>
internal static class ChangeEventWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IBufferWriter<byte> destination, ChangeEvent change)
    {
        using var writer = new Utf8JsonWriter(destination, Options);
        writer.WriteStartObject();
        writer.WriteNumber("version", change.Version);
        if (change.CommittedAt is { } at)
        {
            writer.WriteString("committedAt", at);
        }

        writer.WriteStartObject("flags");
        writer.WriteStartArray("upsert");
        foreach (var flag in change.Change.UpsertFlags)
        {
            RulesetJson.WriteFlag(writer, flag);
        }

        writer.WriteEndArray();
        WriteKeys(writer, change.Change.DeleteFlags);
        writer.WriteEndObject();
        writer.WriteStartObject("segments");
        writer.WriteStartArray("upsert");
        foreach (var segment in change.Change.UpsertSegments)
        {
            RulesetJson.WriteSegment(writer, segment);
        }

        writer.WriteEndArray();
        WriteKeys(writer, change.Change.DeleteSegments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteKeys(Utf8JsonWriter writer, IReadOnlyList<string> keys)
    {
        writer.WriteStartArray("delete");
        foreach (var key in keys)
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
    }
}
