using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Governance;

/// <summary>Scheduled changes over HTTP, run by the server's own hosted service on a fake clock.</summary>
public sealed class SchedulesApiTests
{
    internal static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 120_000)]
    public async Task Schedule_IsListedPerFlagAndEnvironment_EditedCancelled_AndRunByTheHostedServiceWhenDue()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        var schedules = $"/api/v1/projects/{project}/schedules";
        var turnOn = new object[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } };

        using var created = await admin.SendAsync(HttpMethod.Post, schedules, new { runAt = Start.AddHours(2), missed = "skip", changes = turnOn });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        using var other = await admin.SendAsync(HttpMethod.Post, schedules, new { title = "never", runAt = Start.AddHours(1), changes = turnOn });
        var cancel = other.Headers.Location!.ToString();

        Assert.Equal(2, (await (await admin.SendAsync(HttpMethod.Get, $"{schedules}?flag=checkout")).JsonAsync()).GetArrayLength());
        Assert.Equal(0, (await (await admin.SendAsync(HttpMethod.Get, $"{schedules}?environment=staging")).JsonAsync()).GetArrayLength());
        Assert.Equal("cancelled", (await (await admin.SendAsync(HttpMethod.Delete, cancel)).JsonAsync()).GetProperty("status").GetString());
        using (var edited = await admin.SendAsync(HttpMethod.Patch, location, new { runAt = Start.AddHours(1) }))
        {
            Assert.Equal(Start.AddHours(1), (await edited.JsonAsync()).GetProperty("runAt").GetDateTimeOffset());
        }

        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal("pending", (await (await admin.SendAsync(HttpMethod.Get, location)).JsonAsync()).GetProperty("status").GetString());
        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await WaitForAsync(admin, location, "applied", clock);

        Assert.False(done.GetProperty("late").GetBoolean());
        Assert.Equal("cancelled", (await (await admin.SendAsync(HttpMethod.Get, cancel)).JsonAsync()).GetProperty("status").GetString());
        Assert.True((await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/flags/checkout")).JsonAsync()).GetProperty("flag").GetProperty("enabled").GetBoolean());
        using var late = await admin.SendAsync(HttpMethod.Patch, location, new { title = "again" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task BadSchedules_Are400sWithTheirPaths()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "checkout");
        var schedules = $"/api/v1/projects/{project}/schedules";
        var turnOn = new object[] { new { type = "toggleFlag", environment = "production", flag = "checkout", enabled = true } };

        foreach (var (body, path) in new (object Body, string Path)[]
        {
            (new { runAt = Start.AddHours(-1), changes = turnOn }, "runAt"),
            (new { runAt = Start.AddHours(1), missed = "later", changes = turnOn }, "missed"),
            (new { runAt = Start.AddHours(1) }, "changes"),
            (new { changes = turnOn }, "runAt"),
            (new { runAt = Start.AddHours(1), changes = turnOn, changeRequest = 1 }, "changes"),
        })
        {
            using var response = await admin.SendAsync(HttpMethod.Post, schedules, body);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && text.Contains($"\"{path}\"", StringComparison.Ordinal), text);
        }

        using (var policy = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/policy", new { requiredApprovals = 1, approverRoles = new[] { "editor" } }))
        {
            policy.EnsureSuccessStatusCode();
        }

        using var held = await admin.SendAsync(HttpMethod.Post, schedules, new { runAt = Start.AddHours(1), changes = turnOn });
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Contains("change request", (await held.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await admin.SendAsync(HttpMethod.Get, schedules)).JsonAsync()).GetArrayLength());
    }

    /// <summary>Polls until the schedule reaches <paramref name="status"/>, nudging the fake clock by one runner poll every half second (the runner may have armed its timer after the test's advance).</summary>
    internal static async Task<System.Text.Json.JsonElement> WaitForAsync(HttpClient client, string location, string status, FakeTimeProvider clock)
    {
        for (var i = 0; ; i++)
        {
            var state = await (await client.SendAsync(HttpMethod.Get, location)).JsonAsync();
            if (state.GetProperty("status").GetString() == status || i == 300)
            {
                Assert.Equal(status, state.GetProperty("status").GetString());
                return state;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
            if (i % 10 == 9)
            {
                clock.Advance(TimeSpan.FromSeconds(5));
            }
        }
    }
}
