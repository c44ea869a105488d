using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Vexil.LoadHarness.Events;

/// <summary>
/// <c>run.sh events</c>: ingestion over HTTP into one real <c>vexil</c> process — the control plane with its embedded
/// bus, the control plane with NATS JetStream (a real nats-server on loopback), and an edge spooling to disk while it
/// forwards to a control plane. Concurrent senders post new batches for a bounded time; every 202 counts.
/// </summary>
internal static class EventsIngestionRun
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var senders = Option(args, "--senders", 8);
        var items = Option(args, "--items", 1000);
        var targets = (Value(args, "--targets") ?? "embedded,nats,edge").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var root = Path.Combine(Path.GetTempPath(), "vexil-events-load-" + Guid.NewGuid().ToString("N")[..8]);
        BatchTemplate[] kinds = [BatchTemplate.Exposures(items), BatchTemplate.SummaryBatch(items)];
        Console.WriteLine($"events ingestion over HTTP: {Environment.ProcessorCount} cores, {senders} senders, {seconds} s per run, batches of {items} ({kinds[0].Length:N0} bytes of exposures, {kinds[1].Length:N0} bytes of summaries); load average {LoadAverage()}");
        Console.WriteLine("| target | batch | batches/s | exposures/s | evaluations/s (summaries) | p50 | p99 | not 202 | server CPU |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        var run = 0;
        try
        {
            foreach (var target in targets)
            {
                await using var nats = target == "nats" ? await NatsServer.StartAsync() : null;
                var settings = new List<string> { "--Vexil:DataDirectory=" + Path.Combine(root, target) };
                if (nats is not null)
                {
                    settings.Add("--Vexil:EventsNatsUrl=" + nats.Url);
                }

                await using var controlPlane = await VexilNode.StartAsync(settings, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning", ["Vexil__AdminPassword"] = VexilNode.AdminPassword }, VexilNode.FreePort());
                using var admin = await AdminClient.LoginAsync(controlPlane.Address);
                await admin.CreateProjectAsync("events");
                var key = await admin.ServerKeyAsync("events");
                await using var edge = target == "edge" ? await VexilNode.EdgeAsync(controlPlane.Address, key, Path.Combine(root, "edge-data")) : null;
                var node = edge ?? controlPlane;
                foreach (var kind in kinds)
                {
                    await SendAsync(node.Address, key, kind, senders, TimeSpan.FromSeconds(2), ++run); // warm-up
                    var cpu = node.CpuTime() + (edge is null ? TimeSpan.Zero : controlPlane.CpuTime());
                    var result = await SendAsync(node.Address, key, kind, senders, TimeSpan.FromSeconds(seconds), ++run);
                    var used = node.CpuTime() + (edge is null ? TimeSpan.Zero : controlPlane.CpuTime()) - cpu;
                    var perSecond = result.Accepted / result.Elapsed.TotalSeconds;
                    var label = target switch { "embedded" => "control plane, embedded bus", "nats" => "control plane, NATS JetStream", _ => "edge (spool; forwarding to a control plane)" };
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {label} | {kind.Items:N0} {(kind.Summaries ? "summaries" : "exposures")} | {perSecond:N0} | {(kind.Summaries ? "" : (perSecond * kind.Items).ToString("N0", CultureInfo.InvariantCulture))} | {(kind.Summaries ? (perSecond * kind.Items * BatchTemplate.EvaluationsPerSummary).ToString("N0", CultureInfo.InvariantCulture) : "")} | {result.Latency.P50:F1} ms | {result.Latency.P99:F1} ms | {result.Failed} | {used.TotalSeconds / result.Elapsed.TotalSeconds:P0} |"));
                }
            }
        }
        finally
        {
            Console.WriteLine($"load average after: {LoadAverage()}");
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(long Accepted, long Failed, TimeSpan Elapsed, Percentiles Latency)> SendAsync(Uri server, string key, BatchTemplate kind, int senders, TimeSpan duration, int run)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = senders, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        long accepted = 0, failed = 0, sequence = 0;
        var latencies = new List<double>[senders];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            var mine = latencies[s] = [];
            while (clock.Elapsed < duration)
            {
                using var content = new ByteArrayContent(kind.Next(run, Interlocked.Increment(ref sequence)));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync(new Uri("/events/v1/bulk", UriKind.Relative), content);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref accepted);
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToList();
        return (accepted, failed, elapsed, all.Count > 0 ? Percentiles.Of(all) : new Percentiles(0, 0, 0, 0));
    }

    private static int Option(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
