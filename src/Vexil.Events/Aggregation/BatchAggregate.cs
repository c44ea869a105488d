using Vexil.Events.Ingestion;

namespace Vexil.Events.Aggregation;

/// <summary>
/// One batch folded into per-minute counts and per-flag first/last evaluation. A summary counts in the minute its
/// window starts; its window's end is when the flag was last evaluated. An exposure counts in the minute it happened.
/// </summary>
internal sealed class BatchAggregate
{
    private BatchAggregate(string environment, string batchId, Dictionary<UsageKey, UsageCounts> usage, Dictionary<string, FlagSeen> flags)
    {
        Environment = environment;
        BatchId = batchId;
        Usage = usage;
        Flags = flags;
    }

    public string Environment { get; }

    public string BatchId { get; }

    public IReadOnlyDictionary<UsageKey, UsageCounts> Usage { get; }

    public IReadOnlyDictionary<string, FlagSeen> Flags { get; }

    public static BatchAggregate From(string environment, EventBatch batch)
    {
        var usage = new Dictionary<UsageKey, UsageCounts>();
        var flags = new Dictionary<string, FlagSeen>(StringComparer.Ordinal);
        foreach (var summary in batch.Summaries)
        {
            var key = new UsageKey(summary.Flag, summary.Variation ?? UsageKey.DefaultServed, Minute(summary.Start));
            var counts = usage.GetValueOrDefault(key);
            usage[key] = counts with { Evaluations = counts.Evaluations + summary.Count };
            Seen(flags, summary.Flag, summary.Start.ToUnixTimeSeconds(), summary.End.ToUnixTimeSeconds());
        }

        foreach (var exposure in batch.Exposures)
        {
            var key = new UsageKey(exposure.Flag, exposure.Variation, Minute(exposure.At));
            var counts = usage.GetValueOrDefault(key);
            usage[key] = counts with { Exposures = counts.Exposures + 1 };
            var at = exposure.At.ToUnixTimeSeconds();
            Seen(flags, exposure.Flag, at, at);
        }

        return new BatchAggregate(environment, batch.Id, usage, flags);
    }

    private static long Minute(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds - (((seconds % 60) + 60) % 60);
    }

    private static void Seen(Dictionary<string, FlagSeen> flags, string flag, long first, long last)
    {
        flags[flag] = flags.TryGetValue(flag, out var seen)
            ? new FlagSeen(Math.Min(seen.First, first), Math.Max(seen.Last, last))
            : new FlagSeen(first, last);
    }
}
