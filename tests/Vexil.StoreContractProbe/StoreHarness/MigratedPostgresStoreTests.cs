using Npgsql;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;

namespace Vexil.Server.Tests.Storage;

/// <summary>The contract on a copy of a PostgreSQL database migrated by the newer tree; this release's database migrates it at start, as its replica would.</summary>
public sealed class MigratedPostgresStoreTests : ControlPlaneStoreContract, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    private protected override async Task<StoreHarness> CreateStoreAsync()
    {
        var store = Open(await MigratedSchema.CopyPostgresTemplateAsync(TestContext.Current.CancellationToken));
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private protected override Task<StoreHarness> SecondReplicaAsync(StoreHarness first) =>
        Task.FromResult(Open(((PostgresDatabase)first.Database).ConnectionString));

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    private StoreHarness Open(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        _sources.Add(source);
        return new StoreHarness(new PostgresDatabase(source, Time, new EnvironmentVersionTracker()));
    }
}
