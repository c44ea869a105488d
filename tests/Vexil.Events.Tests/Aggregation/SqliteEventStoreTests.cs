using Vexil.Events.Aggregation;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

/// <summary>The store contract on the embedded store: one SQLite file in a temporary folder.</summary>
public sealed class SqliteEventStoreTests : EventStoreContract
{
    private readonly TempDirectory _directory = new();

    private protected override Task<IEventStore> OpenAsync() =>
        Task.FromResult<IEventStore>(new SqliteEventStore(_directory.File("events.db")));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
