using Npgsql;
using Vexil.Server.Flags;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;

namespace Vexil.Server.Tests.Storage;

/// <summary>The contract on a copy of a PostgreSQL database migrated by the newer tree; this release's store migrates it at start, as its replica would.</summary>
public sealed class MigratedPostgresStoreTests : ControlPlaneStoreContract, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    private protected override async Task<IControlPlaneStore> CreateStoreAsync()
    {
        var source = NpgsqlDataSource.Create(await MigratedSchema.CopyPostgresTemplateAsync(TestContext.Current.CancellationToken));
        _sources.Add(source);
        var store = new PostgresControlPlaneStore(source, Time, new CoreFlagValidator(), new EnvironmentVersionTracker());
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
