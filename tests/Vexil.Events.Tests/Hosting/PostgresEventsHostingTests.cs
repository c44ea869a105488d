using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Vexil.Events.Hosting;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Hosting;

/// <summary><see cref="EventsOptions.Postgres"/>: the host migrates the shared store at start and aggregates into it, not into a file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventsHostingTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task AddVexilEvents_WithPostgres_MigratesAtStart_AndCountsIntoTheDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddVexilEvents(new EventsOptions { DataDirectory = _directory.Path, Postgres = database });
        using var host = builder.Build();
        await host.StartAsync(ct);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using (var schema = new NpgsqlCommand("SELECT MAX(version) FROM events_schema", connection))
        {
            Assert.Equal(1, await schema.ExecuteScalarAsync(ct)); // before any batch arrived
        }

        var body = Batches.Body("b-1", [Batches.Summary("new-checkout", "on", 1250, Batches.Noon)]);
        var result = await host.Services.GetRequiredService<IEventIngestor>().IngestAsync("production", new MemoryStream(Batches.Utf8(body)), EventSender.Server, ct);
        Assert.Equal(IngestStatus.Accepted, result.Status);
        await using var total = new NpgsqlCommand("SELECT COALESCE(SUM(evaluations), 0)::BIGINT FROM events_usage_minute WHERE flag = 'new-checkout'", connection);
        Assert.True(await Eventually.HoldsAsync(async () => await total.ExecuteScalarAsync(ct) is 1250L, TimeSpan.FromSeconds(10), ct));

        var usage = await host.Services.GetRequiredService<FlagInsights>().GetUsageAsync("production", "new-checkout", Batches.Noon, Batches.Noon.AddHours(1), UsageGranularity.Hour, ct);
        Assert.Equal(1250, Assert.Single(usage).Evaluations);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "events.db")));
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task AddVexilEvents_PostgresUnreachable_StopsTheStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddVexilEvents(new EventsOptions
        {
            DataDirectory = _directory.Path,
            Postgres = $"Host=127.0.0.1;Port={Ports.Free()};Username=postgres;Timeout=2",
        });
        using var host = builder.Build();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void AddVexilEvents_PostgresNotAConnectionString_IsRefused_WithoutQuotingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddVexilEvents(new EventsOptions { Postgres = "Host=db;Password=hunter2;Nonsense" }));

        Assert.Contains("Postgres: not a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
