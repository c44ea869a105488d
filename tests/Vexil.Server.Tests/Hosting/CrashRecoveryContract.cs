using System.Collections.Concurrent;
using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>A real vexil process killed with SIGKILL mid-stream of writes: after restart every acknowledged write is there, versions have no gaps.</summary>
public abstract class CrashRecoveryContract
{
    private protected abstract Task<string?> StoreAsync();

    [Fact(Timeout = 180_000)]
    public async Task KilledMidStream_KeepsEveryAcknowledgedWrite_AndGapFreeVersions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vexil-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var postgres = await StoreAsync();
        var acknowledged = new ConcurrentDictionary<string, long>();
        string project;
        try
        {
            await using (var vexil = await VexilProcess.StartAsync(dir, postgres))
            {
                using var admin = new HttpClient { BaseAddress = vexil.Address };
                admin.DefaultRequestHeaders.Authorization = new("Bearer", await VexilTestServer.LoginAsync(vexil.Address, "admin", VexilTestServer.AdminPassword));
                project = await admin.CreateProjectAsync();
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
                {
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var key = $"s-{w}-{n}";
                        try
                        {
                            using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key, included = new[] { key } });
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged[key] = (await response.JsonAsync()).GetProperty("versions").GetProperty("production").GetInt64();
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                while (acknowledged.Count < 60 && writers.Any(w => !w.IsCompleted))
                {
                    await Task.Delay(20, TestContext.Current.CancellationToken);
                }

                Assert.True(acknowledged.Count >= 60, $"the writers stopped early: {vexil.Output}");
                await vexil.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            await using var restarted = await VexilProcess.StartAsync(dir, postgres);
            using var client = new HttpClient { BaseAddress = restarted.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", await VexilTestServer.LoginAsync(restarted.Address, "admin", VexilTestServer.AdminPassword));
            var segments = (await (await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/segments")).JsonAsync())
                .EnumerateArray().Select(s => s.GetProperty("key").GetString()!).ToHashSet();
            var version = (await (await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production")).JsonAsync()).GetProperty("version").GetInt64();
            var changes = (await (await client.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/production/changes?since=0")).JsonAsync())
                .GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("version").GetInt64()).ToArray();

            Assert.Superset(acknowledged.Keys.ToHashSet(), segments);
            Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), changes);
            Assert.Equal(segments.Count, (int)version);
            Assert.All(acknowledged.Values, v => Assert.InRange(v, 1, version));
            Assert.Equal(acknowledged.Count, acknowledged.Values.Distinct().Count());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}

public sealed class SqliteCrashRecoveryTests : CrashRecoveryContract
{
    private protected override Task<string?> StoreAsync() => Task.FromResult<string?>(null);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCrashRecoveryTests(PostgresFixture postgres) : CrashRecoveryContract
{
    private protected override async Task<string?> StoreAsync() => await postgres.CreateDatabaseAsync();
}
