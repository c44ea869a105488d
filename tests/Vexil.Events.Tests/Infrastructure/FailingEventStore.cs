using Vexil.Events.Aggregation;
using Vexil.Events.Insights;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>A store whose disk is gone.</summary>
internal sealed class FailingEventStore : IEventStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask; // found out on first write

    public Task<bool> ApplyAsync(BatchAggregate aggregate, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new IOException("disk full");

    public Task MaintainAsync(DateTimeOffset minuteCutoff, DateTimeOffset hourCutoff, DateTimeOffset processedCutoff, CancellationToken cancellationToken) =>
        throw new IOException("disk full");

    public Task<IReadOnlyList<UsagePoint>> GetUsageAsync(string environment, string flag, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken) =>
        throw new IOException("disk full");

    public Task<IReadOnlyList<FlagActivity>> GetActivityAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken) =>
        throw new IOException("disk full");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
