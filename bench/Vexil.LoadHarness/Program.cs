using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Vexil.LoadHarness;

// The delivery load harness: a control plane and an edge as separate processes on loopback, N streaming
// subscribers of the edge in this process. Bounded in connections (at most 12,000) and in time (--max-seconds).
if (args.Length > 0 && args[0] == "events")
{
    // Events ingestion over HTTP (docs/benchmarks.md): run.sh events [--seconds 10] [--senders 8] [--targets embedded,nats,edge]
    await Vexil.LoadHarness.Events.EventsIngestionRun.RunAsync(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "fill")
{
    // Filling an environment through the admin API (docs/benchmarks.md): run.sh fill [--flags 10000] [--writes 50]
    await FillRun.RunAsync(args[1..]);
    return 0;
}

var options = HarnessOptions.Parse(args);
using var bound = new CancellationTokenSource(options.MaxDuration);
bound.Token.Register(() =>
{
    Console.Error.WriteLine($"time bound of {options.MaxDuration} reached; stopping");
    Environment.Exit(3);
});
var root = Path.Combine(Path.GetTempPath(), "vexil-load-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"Vexil load harness: {Environment.ProcessorCount} cores, subscribers {string.Join(", ", options.Subscribers)}, {options.Writes} measured writes each after {options.Warmup} warm-up, {options.ReceiveLoops} receive loops pausing {options.ReceiveCoalesce.TotalMilliseconds} ms after a busy wake-up; load average {LoadAverage()}");

await using var controlPlane = await VexilNode.ControlPlaneAsync(Path.Combine(root, "cp"));
using var admin = await AdminClient.LoginAsync(controlPlane.Address);

// 1. Idle memory of an edge holding 1,000 flags, and its time from start to serving from disk.
await admin.CreateProjectAsync("big");
var creating = Stopwatch.StartNew();
for (var i = 0; i < options.Flags; i++)
{
    await admin.CreateFlagAsync("big", $"flag-{i:D4}");
}

Console.WriteLine($"created {options.Flags} flags in {creating.Elapsed.TotalSeconds:F1} s");
var bigKey = await admin.ServerKeyAsync("big");
var bigData = Path.Combine(root, "edge-big");
var bigPort = VexilNode.FreePort();
await using (var big = await VexilNode.EdgeAsync(controlPlane.Address, bigKey, bigData, bigPort))
{
    await WaitForRulesetAsync(big.Address, bigKey);
    await Task.Delay(3000);
    Console.WriteLine($"edge idle with {options.Flags} flags: RSS {big.ResidentMiB():F1} MiB");
}

// 2. Propagation latency from an admin write to N subscribers of one edge.
await admin.CreateProjectAsync("load");
var toggled = "f";
if (options.EnvironmentFlags > 0)
{
    var filling = Stopwatch.StartNew();
    await admin.FillAsync("load", "production", options.EnvironmentFlags);
    toggled = AdminClient.FlagKey(options.EnvironmentFlags / 2);
    Console.WriteLine($"measured environment filled with {options.EnvironmentFlags} flags in {filling.Elapsed.TotalSeconds:F1} s; each write toggles {toggled}");
}
else
{
    await admin.CreateFlagAsync("load", toggled);
}

var key = await admin.ServerKeyAsync("load");
await using var edge = await VexilNode.EdgeAsync(controlPlane.Address, key, Path.Combine(root, "edge"), extra: options.EdgeEnvironment);
await WaitForRulesetAsync(edge.Address, key);
Console.WriteLine($"edge idle with {Math.Max(1, options.EnvironmentFlags)} flag(s): RSS {edge.ResidentMiB():F1} MiB");
using var edgeHttp = new HttpClient { BaseAddress = edge.Address };
edgeHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
var enabled = false;
long? lastVersion = null;
foreach (var count in options.Subscribers)
{
    var connecting = Stopwatch.StartNew();
    long? resumeFrom = options.EnvironmentFlags > 0 ? lastVersion ?? await CurrentVersionAsync(edgeHttp) : null;
    using var pool = await SubscriberPool.ConnectAsync(edge.Address, key, count, options.ReceiveLoops, options.ReceiveCoalesce, TimeSpan.FromSeconds(60), resumeFrom);
    Console.WriteLine($"{count} subscribers connected in {connecting.Elapsed.TotalSeconds:F1} s; edge RSS {edge.ResidentMiB():F1} MiB");
    for (var w = 0; w < options.Warmup; w++)
    {
        await WriteAsync(pool);
    }

    var latencies = new List<double>();
    var acks = new List<double>();
    var edgeCpu = edge.CpuTime();
    using var jit = new ThreadCpuSampler(edge.ProcessId, ".NET Tiered"); // background tier-1 recompilation: a fresh process's warm-up
    var edgeJit = jit.Total;
    var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var receiveCpu = pool.ReceiveCpuTime;
    for (var w = 0; w < options.Writes; w++)
    {
        var (ack, arrivals) = await WriteAsync(pool);
        acks.Add(ack);
        latencies.AddRange(arrivals);
    }

    var deliveries = (double)count * options.Writes;
    var edgeUs = (edge.CpuTime() - edgeCpu).TotalMicroseconds / deliveries;
    var harnessUs = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpu).TotalMicroseconds / deliveries;
    var receiveUs = (pool.ReceiveCpuTime - receiveCpu).TotalMicroseconds / deliveries;
    var edgeJitUs = (jit.Total - edgeJit).TotalMicroseconds / deliveries;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per delivered event: edge {edgeUs:F1} µs (of which background JIT {edgeJitUs:F1} µs), harness {harnessUs:F1} µs (of which its receive loops {receiveUs:F1} µs), together {edgeUs + harnessUs:F1} µs = {(edgeUs + harnessUs) * count / 1000:F1} ms of CPU per write (each write's own work and heartbeats included)"));
    Console.WriteLine($"  write acknowledged: {Percentiles.Of(acks)}");
    Console.WriteLine($"  write → arrival at all {count} subscribers: {Percentiles.Of(latencies)}");
    Console.WriteLine($"  edge RSS with {count} subscribers after the writes: {edge.ResidentMiB():F1} MiB; failed subscribers {pool.Failed}; load average {LoadAverage()}");
}

// 3. The 1,000-flag edge restarted while its upstream is down: time from process start to serving from disk.
await controlPlane.KillAsync();
var starting = Stopwatch.StartNew();
await using (var restarted = await VexilNode.EdgeAsync(controlPlane.Address, bigKey, bigData, bigPort))
{
    await WaitForRulesetAsync(restarted.Address, bigKey);
    Console.WriteLine($"edge ({options.Flags} flags) start to serving from disk, upstream down: {starting.ElapsedMilliseconds} ms (process start included)");
}

Directory.Delete(root, recursive: true);
return 0;

// Other work on the machine skews every number here: print the load average next to them.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// One admin write, timed from just before it is sent: its acknowledgement, and its arrival at every subscriber (ms).
async Task<(double Ack, double[] Arrivals)> WriteAsync(SubscriberPool pool)
{
    await Task.Delay(200);
    enabled = !enabled;
    // Writes are serial and nothing else writes: after the first, the version is the last write's. Asking the edge each
    // time would have it write its whole ruleset document (7 MB at 10,000 flags) for a version reached by changes.
    var current = lastVersion ?? await CurrentVersionAsync(edgeHttp);
    var since = pool.Expect(current + 1);
    var version = await admin.ToggleAsync("load", toggled, enabled);
    lastVersion = version;
    var ack = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
    if (version != current + 1)
    {
        throw new InvalidOperationException($"expected version {current + 1}, the write made {version}");
    }

    return (ack, await pool.WaitAsync(since, TimeSpan.FromSeconds(30)));
}

static async Task WaitForRulesetAsync(Uri edge, string key)
{
    using var http = new HttpClient { BaseAddress = edge };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    for (var attempt = 0; attempt < 3000; attempt++)
    {
        using var response = await http.GetAsync(new Uri("/sdk/v1/ruleset", UriKind.Relative));
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        await Task.Delay(10);
    }

    throw new TimeoutException("the edge never served a ruleset");
}

static async Task<long> CurrentVersionAsync(HttpClient edge)
{
    using var response = await edge.GetAsync(new Uri("/sdk/v1/ruleset", UriKind.Relative));
    response.EnsureSuccessStatusCode();
    return long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
}
