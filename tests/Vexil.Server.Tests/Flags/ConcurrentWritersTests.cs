using System.Collections.Concurrent;
using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>50 concurrent writers on one flag with If-Match: no update lost, every version assigned once.</summary>
public abstract class ConcurrentWritersContract
{
    private const int Writers = 50;

    private protected abstract Task<VexilTestServer> StartAsync();

    [Fact(Timeout = 180_000)]
    public async Task FiftyWriters_OnOneFlag_LoseNothing_AndGetDistinctGapFreeVersions()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "hot");
        var url = $"/api/v1/projects/{project}/environments/production/flags/hot";
        var start = (await (await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production")).JsonAsync()).GetProperty("version").GetInt64();
        var versions = new ConcurrentBag<long>();
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            while (true)
            {
                using var read = await admin.SendAsync(HttpMethod.Get, url);
                // The native format's canonical form leaves out empty lists.
                var values = (await read.JsonAsync()).GetProperty("flag").TryGetProperty("targets", out var targets)
                    ? targets[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList()
                    : [];
                values.Add($"writer-{writer}");
                using var write = await admin.SendAsync(
                    HttpMethod.Put,
                    url,
                    new { enabled = true, offVariation = "off", targets = new[] { new { variation = "on", values } }, fallthrough = new { variation = "off" } },
                    read.ETag());
                if (write.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    Interlocked.Increment(ref conflicts);
                    continue;
                }

                Assert.Equal(HttpStatusCode.OK, write.StatusCode);
                versions.Add((await write.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64());
                return;
            }
        }, TestContext.Current.CancellationToken)));

        using var final = await admin.SendAsync(HttpMethod.Get, url);
        var finalValues = (await final.JsonAsync()).GetProperty("flag").GetProperty("targets")[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Writers).Select(w => $"writer-{w}").ToHashSet(), finalValues);
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => start + i), versions.Order());
        using var changes = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/changes?since={start}");
        var logged = (await changes.JsonAsync()).GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("version").GetInt64());
        Assert.Equal(versions.Order(), logged);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Writers} writers, {conflicts} stale writes answered 412 and retried");
    }
}

public sealed class SqliteConcurrentWritersTests : ConcurrentWritersContract
{
    private protected override Task<VexilTestServer> StartAsync() => VexilTestServer.StartAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrentWritersTests(PostgresFixture postgres) : ConcurrentWritersContract
{
    private protected override async Task<VexilTestServer> StartAsync() => await VexilTestServer.StartAsync(await postgres.CreateDatabaseAsync());
}
