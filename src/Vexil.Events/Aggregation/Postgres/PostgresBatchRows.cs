namespace Vexil.Events.Aggregation.Postgres;

/// <summary>
/// A <see cref="BatchAggregate"/> as column arrays for <c>unnest</c>, each table's rows sorted by key (ordinal): two
/// replicas applying batches that touch the same rows lock them in the same order, so they queue instead of deadlocking.
/// </summary>
internal sealed class PostgresBatchRows
{
    private PostgresBatchRows(int usage, int seen)
    {
        UsageFlags = new string[usage];
        Variations = new string[usage];
        Buckets = new long[usage];
        Evaluations = new long[usage];
        Exposures = new long[usage];
        SeenFlags = new string[seen];
        Firsts = new long[seen];
        Lasts = new long[seen];
    }

    public string[] UsageFlags { get; }

    public string[] Variations { get; }

    public long[] Buckets { get; }

    public long[] Evaluations { get; }

    public long[] Exposures { get; }

    public string[] SeenFlags { get; }

    public long[] Firsts { get; }

    public long[] Lasts { get; }

    public static PostgresBatchRows From(BatchAggregate aggregate)
    {
        var keys = new UsageKey[aggregate.Usage.Count];
        var flags = new string[aggregate.Flags.Count];
        var n = 0;
        foreach (var key in aggregate.Usage.Keys)
        {
            keys[n++] = key;
        }

        n = 0;
        foreach (var flag in aggregate.Flags.Keys)
        {
            flags[n++] = flag;
        }

        Array.Sort(keys, CompareKeys);
        Array.Sort(flags, StringComparer.Ordinal);
        var rows = new PostgresBatchRows(keys.Length, flags.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var counts = aggregate.Usage[keys[i]];
            rows.UsageFlags[i] = keys[i].Flag;
            rows.Variations[i] = keys[i].Variation;
            rows.Buckets[i] = keys[i].Minute;
            rows.Evaluations[i] = counts.Evaluations;
            rows.Exposures[i] = counts.Exposures;
        }

        for (var i = 0; i < flags.Length; i++)
        {
            var seen = aggregate.Flags[flags[i]];
            rows.SeenFlags[i] = flags[i];
            rows.Firsts[i] = seen.First;
            rows.Lasts[i] = seen.Last;
        }

        return rows;
    }

    private static int CompareKeys(UsageKey a, UsageKey b)
    {
        var flag = string.CompareOrdinal(a.Flag, b.Flag);
        if (flag != 0)
        {
            return flag;
        }

        var variation = string.CompareOrdinal(a.Variation, b.Variation);
        return variation != 0 ? variation : a.Minute.CompareTo(b.Minute);
    }
}
