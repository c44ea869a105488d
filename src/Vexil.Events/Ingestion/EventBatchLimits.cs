namespace Vexil.Events.Ingestion;

/// <summary>
/// What one batch may claim: how many items, how many evaluations per summary and in all, how far in the future its
/// times may be (the receiver's clock plus a skew), and whether it may hold summaries at all (not from a client key).
/// </summary>
internal readonly record struct EventBatchLimits(int MaxItems, long MaxSummaryCount, long MaxBatchEvaluations, DateTimeOffset? NotAfter, bool SummariesAllowed)
{
    /// <summary>Only the item count: for batches validated when they were received (read again off the bus).</summary>
    public static EventBatchLimits ItemsOnly(int maxItems) => new(maxItems, long.MaxValue, long.MaxValue, null, true);
}
