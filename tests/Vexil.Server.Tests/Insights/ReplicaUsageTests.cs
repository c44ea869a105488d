using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Insights;

/// <summary>
/// Real vexil replicas on one PostgreSQL (each with a data folder, and so an in-process bus, of its own): usage is the
/// same whichever replica answers — one added later included — and a replica killed right after accepting batches
/// counts them exactly once after it restarts, even when the SDK also sent one of them to another replica.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaUsageTests(PostgresFixture postgres)
{
    private const string Day = "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";

    [Fact(Timeout = 240_000)]
    public async Task Usage_IsCountedOnce_AndAlikeOnEveryReplica_OneAddedLaterOrKilledMidBatchIncluded()
    {
        var database = await postgres.CreateDatabaseAsync();
        var root = Path.Combine(Path.GetTempPath(), "vexil-usage-" + Guid.NewGuid().ToString("N")[..8]);
        var started = await Task.WhenAll(VexilProcess.StartAsync(Path.Combine(root, "a"), database), VexilProcess.StartAsync(Path.Combine(root, "b"), database));
        await using var a = started[0];
        var b = started[1];
        VexilProcess? restartedB = null;
        VexilProcess? c = null;
        try
        {
            using var admin = await AdminAsync(a);
            var project = await admin.CreateProjectAsync();
            await admin.CreateFlagAsync(project, "f");
            await admin.CreateFlagAsync(project, "g");
            var key = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");
            var usage = $"/api/v1/projects/{project}/environments/production/flags";

            long expected = 0;
            for (var i = 0; i < 10; i++)
            {
                await PostAsync(a, key, $"a-{i}", "f", 1);
                await PostAsync(b, key, $"b-{i}", "f", 10);
                expected += 11;
            }

            for (var i = 0; i < 5; i++)
            {
                await PostAsync(a, key, $"both-{i}", "f", 100); // an SDK's retry that reached another replica too
                await PostAsync(b, key, $"both-{i}", "f", 100);
                expected += 100;
            }

            // B accepts five batches (each acknowledged once it is durable in B's queue) and dies at once: SIGKILL.
            for (var i = 0; i < 5; i++)
            {
                await PostAsync(b, key, $"k-{i}", "f", 1000);
                expected += 1000;
            }

            await b.KillAsync();
            await PostAsync(a, key, "k-4", "f", 1000); // the SDK sent its last batch again, elsewhere
            restartedB = await VexilProcess.StartAsync(Path.Combine(root, "b"), database);
            c = await VexilProcess.StartAsync(Path.Combine(root, "c"), database); // a replica added later

            // One last batch per replica on flag g: once all three are counted, each queue has delivered everything before it.
            VexilProcess[] replicas = [a, restartedB, c];
            foreach (var replica in replicas)
            {
                await PostAsync(replica, key, "last-" + replica.Address.Port, "g", 1);
            }

            using var readerA = await AdminAsync(a);
            using var readerB = await AdminAsync(restartedB);
            using var readerC = await AdminAsync(c);
            await WaitForTotalAsync(readerC, $"{usage}/g/usage?{Day}", 3);

            var answers = new List<string>();
            foreach (var reader in new[] { readerA, readerB, readerC })
            {
                using var response = await reader.SendAsync(HttpMethod.Get, $"{usage}/f/usage?{Day}&granularity=hour");
                response.EnsureSuccessStatusCode();
                var points = (await response.JsonAsync()).GetProperty("points");
                Assert.Equal(expected, points.EnumerateArray().Sum(p => p.GetProperty("evaluations").GetInt64()));
                answers.Add(points.GetRawText());
            }

            Assert.Single(answers.Distinct());
        }
        finally
        {
            await b.DisposeAsync();
            if (restartedB is not null)
            {
                await restartedB.DisposeAsync();
            }

            if (c is not null)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static async Task<HttpClient> AdminAsync(VexilProcess process)
    {
        var client = new HttpClient { BaseAddress = process.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await VexilTestServer.LoginAsync(process.Address, "admin", VexilTestServer.AdminPassword));
        return client;
    }

    private static async Task PostAsync(VexilProcess replica, string key, string id, string flag, long count)
    {
        using var client = new HttpClient { BaseAddress = replica.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var json = $$"""
            {"id":"{{id}}","summaries":[{"flag":"{{flag}}","variation":"on","version":1,"count":{{count}},"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}
            """;
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task WaitForTotalAsync(HttpClient reader, string path, long total)
    {
        long seen = -1;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            using var response = await reader.SendAsync(HttpMethod.Get, path);
            seen = (await response.JsonAsync()).GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("evaluations").GetInt64());
            if (seen >= total)
            {
                break;
            }
        }

        Assert.Equal(total, seen);
    }
}
