using Npgsql;
using Vexil.Events.Aggregation;
using Vexil.Events.Aggregation.Postgres;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Aggregation;

/// <summary>The store contract on the shared store: a database of its own on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreTests(PostgresFixture postgres) : EventStoreContract
{
    private protected override async Task<IEventStore> OpenAsync() =>
        new PostgresEventStore(NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync()), ownsDataSource: true);
}
