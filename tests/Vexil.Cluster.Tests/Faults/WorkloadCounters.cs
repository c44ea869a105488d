namespace Vexil.Cluster.Tests.Faults;

/// <summary>The workload's counters at one moment, to tell what happened during a round or an upgrade step.</summary>
internal sealed record WorkloadCounters(int Acknowledged, int WriteFailures, int Connections, int OfrepUnavailable, int Events, int Violations, int StaleOffers, int StaleRulesets)
{
    public static WorkloadCounters Of(FaultWorkload w) => new(
        w.Writer.Acknowledged.Count, w.Writer.Failures, w.Observers.Sum(o => o.Connections), w.Ofrep.Sum(o => o.Unavailable), w.Events.Acknowledged,
        w.Observers.SelectMany(o => o.Violations).Count(), w.Observers.Sum(o => o.StaleOffers), w.Observers.SelectMany(o => o.Stale).Count());

    /// <summary>The traffic between <paramref name="before"/> and these counters, as the report's row shows it.</summary>
    public string Since(WorkloadCounters before, FaultWorkload workload) =>
        $"writes +{Acknowledged - before.Acknowledged} (failed {WriteFailures - before.WriteFailures}), " +
        $"reconnects +{Connections - before.Connections}, OFREP 5xx +{OfrepUnavailable - before.OfrepUnavailable}, events +{Events - before.Events}" +
        (StaleOffers > before.StaleOffers ? $", stale offers +{StaleOffers - before.StaleOffers}: {string.Join("; ", workload.Observers.SelectMany(o => o.Stale).Skip(before.StaleRulesets))}" : string.Empty);
}
