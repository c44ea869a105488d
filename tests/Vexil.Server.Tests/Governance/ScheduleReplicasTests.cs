using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Governance;

/// <summary>Two servers on one PostgreSQL database, one fake clock: a due schedule is applied exactly once, even when a replica dies holding its claim.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScheduleReplicasTests(PostgresFixture postgres)
{
    [Fact(Timeout = 180_000)]
    public async Task TwoReplicas_RacingTheSameDueSchedules_ApplyEachOnce_AndAClaimDyingWithItsReplicaIsTakenOver()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(SchedulesApiTests.Start);
        var database = await postgres.CreateDatabaseAsync();
        await using var a = await VexilTestServer.StartAsync(database, b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var b = await VexilTestServer.StartAsync(database, b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = await a.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        var environment = $"/api/v1/projects/{project}/environments/production";
        var start = (await (await admin.SendAsync(HttpMethod.Get, environment)).JsonAsync()).GetProperty("version").GetInt64();
        var locations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/schedules", new
            {
                title = $"step {i}",
                runAt = SchedulesApiTests.Start.AddMinutes(10).AddSeconds(i),
                changes = new object[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = i % 2 == 0 } },
            });
            locations.Add(created.Headers.Location!.ToString());
        }

        // A third replica claims the first schedule inside its transaction, as the runner does, and dies before committing.
        var dying = new NpgsqlConnection(database);
        await dying.OpenAsync(ct);
        var transaction = await dying.BeginTransactionAsync(ct);
        await using (var claim = new NpgsqlCommand("UPDATE scheduled_changes SET status = 'applied' WHERE id = (SELECT min(id) FROM scheduled_changes) AND status = 'pending'", dying, transaction))
        {
            Assert.Equal(1, await claim.ExecuteNonQueryAsync(ct));
        }

        clock.Advance(TimeSpan.FromMinutes(10).Add(TimeSpan.FromSeconds(5)));
        await Task.Delay(500, ct);
        Assert.Equal("pending", (await (await admin.SendAsync(HttpMethod.Get, locations[0])).JsonAsync()).GetProperty("status").GetString());
        await dying.DisposeAsync(); // the connection drops: the claim is rolled back, as when its process is killed

        foreach (var location in locations)
        {
            await SchedulesApiTests.WaitForAsync(admin, location, "applied", clock);
        }

        var version = (await (await admin.SendAsync(HttpMethod.Get, environment)).JsonAsync()).GetProperty("version").GetInt64();
        Assert.Equal(start + 4, version);
        var audit = await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit?limit=200")).JsonAsync();
        var entries = audit.GetProperty("items");
        Assert.Equal(4, entries.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "schedule.applied"));
        Assert.Equal(2, entries.EnumerateArray().Count(e => e.GetProperty("action").GetString() is "flag.on"));
    }
}
