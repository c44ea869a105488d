using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Insights;

/// <summary>The stale-flags query reports a temporary flag older than its expected lifetime, on a clock the test moves.</summary>
public sealed class StaleFlagsLifetimeTests
{
    [Fact(Timeout = 60_000)]
    public async Task TemporaryFlag_OlderThanItsExpectedLifetime_IsReportedPastExpectedLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var session = await server.AdminAsync();
        using var admin = server.Client(await AuthorizationMatrixTests.TokenAsync(session, "administrator", null)); // outlives the clock's jump
        var project = await admin.CreateProjectAsync();
        await CreateAsync(admin, project, "release-30", "temporary", 30);
        await CreateAsync(admin, project, "release-90", "temporary", 90);
        await CreateAsync(admin, project, "no-lifetime", "temporary", null);
        await CreateAsync(admin, project, "kill-switch", "permanent", null);
        var stale = $"/api/v1/projects/{project}/environments/production/stale-flags?staleAfterDays=3650";

        Assert.Empty(await StaleAsync(admin, stale));

        clock.Advance(TimeSpan.FromDays(29));
        Assert.Empty(await StaleAsync(admin, stale));

        clock.Advance(TimeSpan.FromDays(2));
        var flags = await StaleAsync(admin, stale);
        var flag = Assert.Single(flags);
        Assert.Equal("release-30", flag.Key);
        Assert.Equal(["pastExpectedLifetime"], flag.Reasons);

        clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(["release-30", "release-90"], (await StaleAsync(admin, stale)).Select(f => f.Key).Order());
    }

    private static async Task CreateAsync(HttpClient admin, string project, string key, string lifetime, int? expectedLifetimeDays)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", new
        {
            key,
            type = "boolean",
            name = key,
            lifetime,
            expectedLifetimeDays,
            variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(expectedLifetimeDays, (await response.JsonAsync()).TryGetProperty("expectedLifetimeDays", out var days) ? days.GetInt32() : null);
    }

    private static async Task<List<(string Key, string[] Reasons)>> StaleAsync(HttpClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("flags").EnumerateArray()
            .Select(f => (f.GetProperty("key").GetString()!, f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray()))];
    }
}
