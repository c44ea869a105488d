using System.Diagnostics;
using Npgsql;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>Two real vexil replicas on one PostgreSQL: each learns of the other's writes within 100 ms, and catches up after losing its listener.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTests(PostgresFixture postgres)
{
    [Fact(Timeout = 180_000)]
    public async Task TwoReplicas_StartTogether_AndLearnOfEachOthersWrites_Within100Ms()
    {
        var database = await postgres.CreateDatabaseAsync();
        var dir = Path.Combine(Path.GetTempPath(), "vexil-replica-" + Guid.NewGuid().ToString("N")[..8]);
        var started = await Task.WhenAll(VexilProcess.StartAsync(dir, database), VexilProcess.StartAsync(dir, database));
        await using var a = started[0];
        await using var b = started[1];
        using var clientA = await ClientAsync(a);
        using var clientB = await ClientAsync(b);
        var project = await clientA.CreateProjectAsync();
        await clientA.CreateFlagAsync(project, "f");
        var environment = $"/api/v1/projects/{project}/environments/production";
        var latencies = new List<double>();

        for (var i = 0; i < 15; i++)
        {
            var known = await KnownAsync(clientB, environment, null);
            var wait = KnownAsync(clientB, environment, known);
            await Task.Delay(20, TestContext.Current.CancellationToken);
            using var write = await clientA.SendAsync(HttpMethod.Put, $"{environment}/flags/f/enabled", new { enabled = i % 2 == 0 }, "*");
            var acknowledged = Stopwatch.GetTimestamp();
            var version = (await write.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();

            Assert.Equal(version, await wait);
            latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
        }

        latencies.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine($"replica latencies (ms): {string.Join(", ", latencies.Select(l => l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(latencies[latencies.Count / 2] < 100, $"median {latencies[latencies.Count / 2]} ms: {string.Join(", ", latencies)}");
        Assert.True(latencies[^1] < 1000, $"max {latencies[^1]} ms: {string.Join(", ", latencies)}");
        using var readOnB = await clientB.SendAsync(HttpMethod.Get, $"{environment}/flags/f");
        Assert.Equal(15 + 1, (await readOnB.JsonAsync()).GetProperty("flag").GetProperty("version").GetInt64());
    }

    [Fact(Timeout = 180_000)]
    public async Task Replica_ThatLostItsListener_CatchesUpAfterReconnect()
    {
        var database = await postgres.CreateDatabaseAsync();
        var dir = Path.Combine(Path.GetTempPath(), "vexil-replica-" + Guid.NewGuid().ToString("N")[..8]);
        await using var a = await VexilProcess.StartAsync(dir, database);
        await using var b = await VexilProcess.StartAsync(dir, database);
        using var clientA = await ClientAsync(a);
        using var clientB = await ClientAsync(b);
        var project = await clientA.CreateProjectAsync();
        await clientA.CreateFlagAsync(project, "f");
        var environment = $"/api/v1/projects/{project}/environments/production";

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", connection);
            Assert.Equal(2L, await kill.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        long version = 0;
        for (var i = 0; i < 5; i++)
        {
            using var write = await clientA.SendAsync(HttpMethod.Put, $"{environment}/flags/f/enabled", new { enabled = i % 2 == 0 }, "*");
            version = (await write.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();
        }

        var deadline = Stopwatch.StartNew();
        long known = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && known < version)
        {
            known = await KnownAsync(clientB, environment, known == 0 ? null : known, waitSeconds: 1);
        }

        Assert.Equal(version, known);
    }

    private static async Task<HttpClient> ClientAsync(VexilProcess process)
    {
        var client = new HttpClient { BaseAddress = process.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await VexilTestServer.LoginAsync(process.Address, "admin", VexilTestServer.AdminPassword));
        return client;
    }

    private static async Task<long> KnownAsync(HttpClient client, string environment, long? after, int waitSeconds = 10)
    {
        var query = after is null ? string.Empty : $"?after={after}&wait={waitSeconds}";
        using var response = await client.SendAsync(HttpMethod.Get, $"{environment}/version{query}");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("version").GetInt64();
    }
}
