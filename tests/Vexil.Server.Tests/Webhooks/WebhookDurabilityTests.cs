using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Vexil.Events.Webhooks;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Webhooks;

/// <summary>Real vexil processes: a SIGKILL mid-stream of writes, and two replicas on one PostgreSQL, lose no event and send none twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookDurabilityTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Vexil:WebhookRetryDelay"] = "00:00:00.200",
        ["Vexil:WebhookAttemptTimeout"] = "00:00:30", // long enough that a loaded machine never turns a slow 2xx into a retry
        ["Vexil:WebhookAllowedNetworks:0"] = "127.0.0.1", // the receivers are on loopback, refused by default
    };

    [Fact(Timeout = 240_000)]
    public async Task KilledMidStreamOfWrites_AfterRestart_EveryAcknowledgedChangeIsDeliveredOnce()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vexil-whcrash-" + Guid.NewGuid().ToString("N")[..8]);
        await using var receiver = new WebhookTestReceiver();
        var acknowledged = new ConcurrentDictionary<string, bool>();
        string project;
        string secret;
        try
        {
            await using (var vexil = await VexilProcess.StartAsync(dir, settings: FastRetries))
            {
                using var admin = await AdminAsync(vexil);
                project = await admin.CreateProjectAsync();
                (_, secret) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["segment.created"]);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var key = $"s-{w}-{n}";
                        try
                        {
                            using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key });
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged[key] = true;
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                while (acknowledged.Count < 40 && writers.Any(w => !w.IsCompleted))
                {
                    await Task.Delay(20, TestContext.Current.CancellationToken);
                }

                Assert.True(acknowledged.Count >= 40, $"the writers stopped early: {vexil.Output}");
                await vexil.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            await using var restarted = await VexilProcess.StartAsync(dir, settings: FastRetries);
            await receiver.StartAsync();
            await WaitAsync(() => acknowledged.Keys.All(k => Segments(receiver).Contains(k)), "every acknowledged segment's event", restarted);
            await Task.Delay(1500, TestContext.Current.CancellationToken);

            var accepted = receiver.Accepted.ToList();
            Assert.Equal(accepted.Count, accepted.Select(r => r.DeliveryId).Distinct().Count()); // none accepted twice
            Assert.All(accepted, r => Assert.True(WebhookSignature.Verify(r.Signature, secret, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task TwoReplicasOnOnePostgres_EachChangeIsDeliveredOnce_WhicheverReplicaMadeIt()
    {
        var database = await postgres.CreateDatabaseAsync();
        var dirA = Path.Combine(Path.GetTempPath(), "vexil-whrep-a-" + Guid.NewGuid().ToString("N")[..8]);
        var dirB = Path.Combine(Path.GetTempPath(), "vexil-whrep-b-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string>(FastRetries) { ["Vexil:WebhookSecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        try
        {
            var started = await Task.WhenAll(VexilProcess.StartAsync(dirA, database, settings: settings), VexilProcess.StartAsync(dirB, database, settings: settings));
            await using var a = started[0];
            await using var b = started[1];
            using var clientA = await AdminAsync(a);
            using var clientB = await AdminAsync(b);
            await using var receiver = new WebhookTestReceiver();
            await receiver.StartAsync();
            var project = await clientA.CreateProjectAsync();
            var (_, secret) = await WebhooksApiTests.CreateAsync(clientB, project, receiver.Url("hook"), ["segment.created"], environment: "production");

            var keys = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                var key = $"s-{i}";
                using var response = await (i % 2 == 0 ? clientA : clientB).SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                keys.Add(key);
            }

            await WaitAsync(() => keys.All(k => Segments(receiver).Contains(k)), "every segment's event", a);
            await Task.Delay(2000, TestContext.Current.CancellationToken);

            var accepted = receiver.Accepted.ToList();
            Assert.Equal(30, accepted.Count);
            Assert.Equal(30, accepted.Select(r => r.DeliveryId).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, 30).Select(v => (long)v), accepted.Select(r => Data(r).GetProperty("version").GetInt64()).Order());
            Assert.All(accepted, r => Assert.True(WebhookSignature.Verify(r.Signature, secret, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
        }
        finally
        {
            foreach (var dir in new[] { dirA, dirB }.Where(Directory.Exists))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static HashSet<string> Segments(WebhookTestReceiver receiver) =>
        [.. receiver.Accepted.Select(r => Data(r).GetProperty("segment").GetString()!)];

    private static JsonElement Data(WebhookTestReceiver.Received received) =>
        JsonDocument.Parse(received.Body).RootElement.GetProperty("data").Clone();

    private static async Task<HttpClient> AdminAsync(VexilProcess vexil)
    {
        var client = new HttpClient { BaseAddress = vexil.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await VexilTestServer.LoginAsync(vexil.Address, "admin", VexilTestServer.AdminPassword));
        return client;
    }

    private static async Task WaitAsync(Func<bool> condition, string what, VexilProcess vexil)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}: {vexil.Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
