using System.Buffers;
using System.Text.Json;

namespace Vexil.Hosting.Ofrep.Usage;

/// <summary>A <c>POST /events/v1/bulk</c> body of a server's own evaluation summaries (docs/protocol.md), valid by construction.</summary>
internal static class SummaryBatch
{
    /// <summary>The most summaries in one batch (well under the events pipeline's 10,000 items and 1 MiB).</summary>
    public const int MaxSummaries = 5_000;

    public static byte[] Write(string id, string sdk, IReadOnlyList<SummaryLine> lines, DateTimeOffset start, DateTimeOffset end)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + (lines.Count * 160));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("sdk", sdk);
            w.WriteStartArray("summaries");
            foreach (var (flag, variation, version, count) in lines)
            {
                w.WriteStartObject();
                w.WriteString("flag", flag);
                w.WriteString("variation", variation); // null: the caller's default was served
                w.WriteNumber("version", version);
                w.WriteNumber("count", count);
                w.WriteString("start", start.UtcDateTime);
                w.WriteString("end", end.UtcDateTime);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The total the lines claim.</summary>
    public static long Evaluations(IReadOnlyList<SummaryLine> lines)
    {
        var total = 0L;
        foreach (var line in lines)
        {
            total += line.Count;
        }

        return total;
    }
}
