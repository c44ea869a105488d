using Npgsql;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage;

/// <summary>Migration checksums on a real PostgreSQL (a new database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationRunnerTests(PostgresFixture postgres) : MigrationRunnerContract, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    private protected override string Folder => "Postgres";

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        _sources.Add(source);
        return new PostgresDatabase(source, TimeProvider.System, new EnvironmentVersionTracker());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
