using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Segments;

namespace Vexil.Server.Snapshots;

/// <summary>Turns change-log rows back into Core's <see cref="RulesetChange"/>, one per version.</summary>
internal static class ChangeLogReplay
{
    /// <summary>
    /// The changes of the versions after <paramref name="after"/>, contiguous; null when a version is missing from
    /// <paramref name="entries"/> (the caller then reads the whole environment instead).
    /// </summary>
    public static List<RulesetChange>? ToChanges(IReadOnlyList<ChangeEntry> entries, long after, long through)
    {
        var changes = new List<RulesetChange>();
        var start = 0;
        for (var version = after + 1; version <= through; version++)
        {
            var end = start;
            while (end < entries.Count && entries[end].Version == version)
            {
                end++;
            }

            if (end == start)
            {
                return null;
            }

            changes.Add(ToChange(version, entries, start, end));
            start = end;
        }

        return changes;
    }

    /// <summary>The change of one version: the entries from <paramref name="start"/> up to <paramref name="end"/> (excluded), in order.</summary>
    public static RulesetChange ToChange(long version, IReadOnlyList<ChangeEntry> entries, int start, int end)
    {
        List<FlagDefinition> flags = [];
        List<string> deletedFlags = [];
        List<SegmentDefinition> segments = [];
        List<string> deletedSegments = [];
        for (var i = start; i < end; i++)
        {
            var entry = entries[i];
            switch (entry.Kind, entry.Operation)
            {
                case ("flag", "upsert"):
                    flags.Add(FlagJson.Read(entry.Payload!.Value));
                    break;
                case ("flag", "delete"):
                    deletedFlags.Add(entry.Key);
                    break;
                case ("segment", "upsert"):
                    var (segment, errors) = SegmentJson.Read(System.Text.Encoding.UTF8.GetBytes(entry.Payload!.Value.GetRawText()));
                    segments.Add(segment ?? throw new InvalidDataException($"A stored segment is not valid: {string.Join("; ", errors)}"));
                    break;
                case ("segment", "delete"):
                    deletedSegments.Add(entry.Key);
                    break;
            }
        }

        return new RulesetChange(version, flags, deletedFlags, segments, deletedSegments);
    }
}
