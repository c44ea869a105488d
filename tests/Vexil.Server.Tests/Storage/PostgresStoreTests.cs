using Npgsql;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL (a new database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : ControlPlaneStoreContract, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    private protected override async Task<StoreHarness> CreateStoreAsync()
    {
        var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        _sources.Add(source);
        var store = new StoreHarness(new PostgresDatabase(source, Time, new EnvironmentVersionTracker()));
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private protected override Task<StoreHarness> SecondReplicaAsync(StoreHarness first)
    {
        var source = NpgsqlDataSource.Create(((PostgresDatabase)first.Database).ConnectionString);
        _sources.Add(source);
        return Task.FromResult(new StoreHarness(new PostgresDatabase(source, Time, new EnvironmentVersionTracker())));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
