using System.Globalization;

namespace Vexil.Cluster.Tests.Tracing;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, trace/v1 and collector/trace/v1) into
/// <see cref="ReceivedSpan"/>s: resource_spans(1) → resource(1).attributes(1), scope_spans(2) → scope(1).name(1),
/// spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5), kind(6), attributes(9), links(13).
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new ProtoReader(request);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                ReadResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip();
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        // The resource may come after the scope spans on the wire: read it first.
        var service = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                var resource = new Dictionary<string, string>(StringComparer.Ordinal);
                ReadAttributes(reader.ReadBytes(), 1, resource);
                service = resource.GetValueOrDefault("service.name", string.Empty);
            }
            else
            {
                reader.Skip();
            }
        }

        reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 2 && reader.WireType == 2)
            {
                ReadScopeSpans(reader.ReadBytes(), service, spans);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, string service, List<ReceivedSpan> spans)
    {
        var scope = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                var scopeReader = new ProtoReader(reader.ReadBytes());
                while (scopeReader.Next())
                {
                    if (scopeReader.Field == 1 && scopeReader.WireType == 2)
                    {
                        scope = scopeReader.ReadString();
                    }
                    else
                    {
                        scopeReader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 2 && reader.WireType == 2)
            {
                spans.Add(ReadSpan(reader.ReadBytes(), service, scope));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> message, string service, string scope)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        var kind = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new List<(string, string)>();
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2):
                    traceId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (2, 2):
                    spanId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (4, 2):
                    parent = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (5, 2):
                    name = reader.ReadString();
                    break;
                case (6, 0):
                    kind = (int)reader.ReadVarint();
                    break;
                case (9, 2):
                    ReadKeyValue(reader.ReadBytes(), attributes);
                    break;
                case (13, 2):
                    links.Add(ReadLink(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new ReceivedSpan(service, scope, name, traceId, spanId, parent, kind, attributes, links);
    }

    private static (string, string) ReadLink(ReadOnlySpan<byte> message)
    {
        string traceId = string.Empty, spanId = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2):
                    traceId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (2, 2):
                    spanId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (traceId, spanId);
    }

    // A message whose field `field` repeats KeyValue (a Resource's attributes).
    private static void ReadAttributes(ReadOnlySpan<byte> message, int field, Dictionary<string, string> into)
    {
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == field && reader.WireType == 2)
            {
                ReadKeyValue(reader.ReadBytes(), into);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // KeyValue: key(1) string, value(2) AnyValue: string(1), bool(2), int64(3), double(4); others kept as their kind.
    private static void ReadKeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        var key = string.Empty;
        var value = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                key = reader.ReadString();
            }
            else if (reader.Field == 2 && reader.WireType == 2)
            {
                var any = new ProtoReader(reader.ReadBytes());
                while (any.Next())
                {
                    value = (any.Field, any.WireType) switch
                    {
                        (1, 2) => any.ReadString(),
                        (2, 0) => any.ReadVarint() != 0 ? "true" : "false",
                        (3, 0) => ((long)any.ReadVarint()).ToString(CultureInfo.InvariantCulture),
                        (4, 1) => BitConverter.UInt64BitsToDouble(any.ReadFixed64()).ToString(CultureInfo.InvariantCulture),
                        _ => SkipAs(ref any, "(complex)"),
                    };
                }
            }
            else
            {
                reader.Skip();
            }
        }

        into[key] = value;
    }

    private static string SkipAs(ref ProtoReader reader, string text)
    {
        reader.Skip();
        return text;
    }
}
