using Vexil.Events.Insights;

namespace Vexil.Events.Aggregation;

/// <summary>
/// Where aggregates live. <see cref="ApplyAsync"/> records the batch id in the same transaction as the counts, so a
/// batch delivered twice counts once. <see cref="SqliteEventStore"/> for one process (the embedded default),
/// <see cref="Postgres.PostgresEventStore"/> shared by replicas when the control plane runs on PostgreSQL.
/// </summary>
internal interface IEventStore : IAsyncDisposable
{
    /// <summary>Opens the store and brings its schema up to date (at start, so a store that cannot open stops the host).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Adds the batch's counts; false (and nothing changed) when this batch was already applied.</summary>
    Task<bool> ApplyAsync(BatchAggregate aggregate, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Rolls minutes older than <paramref name="minuteCutoff"/> into hours and prunes expired rows.</summary>
    Task MaintainAsync(DateTimeOffset minuteCutoff, DateTimeOffset hourCutoff, DateTimeOffset processedCutoff, CancellationToken cancellationToken);

    /// <summary>Counts per bucket and variation for one flag in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<IReadOnlyList<UsagePoint>> GetUsageAsync(string environment, string flag, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken);

    /// <summary>Every flag ever evaluated in the environment, with the variations it served since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<FlagActivity>> GetActivityAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken);
}
