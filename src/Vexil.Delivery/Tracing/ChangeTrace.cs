using System.Buffers;
using System.Text.Json;

namespace Vexil.Delivery.Tracing;

/// <summary>
/// The trace context of the write that produced one change, sent as a <c>trace</c> event right before that version's
/// <c>change</c> event: <c>{"version":43,"traceparent":"00-…-…-01"}</c> (W3C Trace Context). Receivers that do not
/// know the type ignore it (docs/protocol.md, Compatibility), so version 1 readers are unaffected; the change event's
/// bytes never change. Sent only when the writer was traced.
/// </summary>
/// <param name="Version">The version of the change it belongs to.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the span the change's apply spans are children of.</param>
/// <param name="TraceState">The W3C <c>tracestate</c>, when there is one.</param>
public sealed record ChangeTrace(long Version, string TraceParent, string? TraceState = null)
{
    /// <summary>The SSE event type: <c>trace</c>.</summary>
    public const string EventType = "trace";

    private const int MaxBytes = 1024;

    /// <summary>Reads an event's data leniently: anything malformed is null (telemetry never stops delivery).</summary>
    public static ChangeTrace? Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length is 0 or > MaxBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            long version = 0;
            string? parent = null;
            string? state = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return null;
                }

                switch (name)
                {
                    case "version" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v):
                        version = v;
                        break;
                    case "traceparent" when reader.TokenType == JsonTokenType.String:
                        parent = reader.GetString();
                        break;
                    case "tracestate" when reader.TokenType == JsonTokenType.String:
                        state = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return version >= 1 && parent is { Length: > 0 } ? new ChangeTrace(version, parent, state) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The event's data as UTF-8 JSON.</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("traceparent", TraceParent);
            if (TraceState is { Length: > 0 })
            {
                writer.WriteString("tracestate", TraceState);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
