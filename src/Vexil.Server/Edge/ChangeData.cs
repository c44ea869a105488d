using System.Globalization;
using System.Text.Json;

namespace Vexil.Server.Edge;

/// <summary>A <c>change</c> event's body: the version it produces, when it was committed, and the objects upserted and keys deleted.</summary>
internal sealed record ChangeData(
    long Version,
    DateTimeOffset? CommittedAt,
    IReadOnlyList<JsonElement> FlagUpserts,
    IReadOnlyList<string> FlagDeletes,
    IReadOnlyList<JsonElement> SegmentUpserts,
    IReadOnlyList<string> SegmentDeletes)
{
    /// <summary>Parses a change event's data; null when it is not a well-formed change.</summary>
    public static ChangeData? Parse(byte[] utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || !version.TryGetInt64(out var v))
            {
                return null;
            }

            DateTimeOffset? committedAt = root.TryGetProperty("committedAt", out var at) && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : null;
            var (flagUpserts, flagDeletes) = Section(root, "flags");
            var (segmentUpserts, segmentDeletes) = Section(root, "segments");
            return new ChangeData(v, committedAt, flagUpserts, flagDeletes, segmentUpserts, segmentDeletes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static (List<JsonElement> Upserts, List<string> Deletes) Section(JsonElement root, string name)
    {
        var upserts = new List<JsonElement>();
        var deletes = new List<string>();
        if (root.TryGetProperty(name, out var section))
        {
            if (section.TryGetProperty("upsert", out var up))
            {
                upserts.AddRange(up.EnumerateArray());
            }

            if (section.TryGetProperty("delete", out var del))
            {
                foreach (var key in del.EnumerateArray())
                {
                    deletes.Add(key.GetString() ?? throw new FormatException("a deleted key must be a string"));
                }
            }
        }

        return (upserts, deletes);
    }
}
