using System.Globalization;
using Vexil.OfrepBench;

// OFREP load benchmark (docs/benchmarks.md#ofrep-under-load): a real vexil (all roles, SQLite) against a bare
// Kestrel app answering the same bytes, both measured with wrk in the same run on the same machine.
if (args.Length > 0 && args[0] == "baseline")
{
    await BareKestrel.RunAsync(args[1], args[2], args[3]);
    return 0;
}

if (args.Length > 0 && args[0] == "sink")
{
    await TraceSink.RunAsync(args[1]);
    return 0;
}

var options = BenchOptions.Parse(args);
const string Password = "ofrep-bench-password-1";
var data = Directory.CreateTempSubdirectory("vexil-ofrep-bench-").FullName;
var single = Path.Combine(data, "single.json");
var bulk = Path.Combine(data, "bulk.json");
try
{
    await using var sink = options.Traced is null ? null : await Node.SinkAsync();
    var tracing = sink is null ? null : new Dictionary<string, string>
    {
        ["Vexil__Telemetry__OtlpEndpoint"] = sink.Address.ToString(),
        ["Vexil__Telemetry__SamplingRatio"] = options.Traced!.Value.ToString(CultureInfo.InvariantCulture),
    };
    await using var controlPlane = await Node.VexilAsync(Path.Combine(data, "vexil"), Password, extra: tracing);
    var (key, serverKey) = await Seeder.SeedAsync(controlPlane.Address, Password);
    await using var edge = options.Target == "edge" ? await Node.EdgeAsync(controlPlane.Address, serverKey, Path.Combine(data, "edge")) : null;
    var vexil = edge ?? controlPlane;
    await Seeder.WaitForOfrepAsync(vexil.Address, key);
    await File.WriteAllBytesAsync(single, await Seeder.AnswerAsync(vexil.Address, "/ofrep/v1/evaluate/flags/single", key));
    var bulkBytes = await Seeder.AnswerAsync(vexil.Address, "/ofrep/v1/evaluate/flags", key);
    await File.WriteAllBytesAsync(bulk, bulkBytes);
    await using var baseline = await Node.BaselineAsync(single, bulk);
    await using var earlier = options.Compare is { } dir ? await Node.VexilAsync(Path.Combine(data, "earlier"), Password, Path.Combine(dir, "vexil.dll")) : null;
    var earlierKey = earlier is null ? null : (await Seeder.SeedAsync(earlier.Address, Password)).ClientKey;
    if (earlier is not null)
    {
        await Seeder.WaitForOfrepAsync(earlier.Address, earlierKey!);
    }

    var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " + key };
    var warmup = options with { Seconds = Math.Max(1, options.Seconds / 5) };
    var singleUrl = "/ofrep/v1/evaluate/flags/single";
    var bulkUrl = "/ofrep/v1/evaluate/flags";
    var earlierHeaders = earlierKey is null ? headers : new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " + earlierKey };
    foreach (var node in new[] { vexil, baseline })
    {
        await Wrk.RunAsync(new Uri(node.Address, singleUrl), Seeder.Context, headers, warmup);
        await Wrk.RunAsync(new Uri(node.Address, bulkUrl), Seeder.Context, headers, warmup);
    }

    if (earlier is not null)
    {
        await Wrk.RunAsync(new Uri(earlier.Address, singleUrl), Seeder.Context, earlierHeaders, warmup);
        await Wrk.RunAsync(new Uri(earlier.Address, bulkUrl), Seeder.Context, earlierHeaders, warmup);
    }

    // Interleaved rounds, so that a change in the machine's speed hits both sides alike; the ratio is judged by the
    // median of the rounds' ratios (one 10-second pair moved by up to 14 points between otherwise equal runs).
    var singles = new List<(WrkResult Base, WrkResult Vexil)>();
    var earlierSingles = new List<(WrkResult Earlier, WrkResult Vexil)>();
    for (var round = 0; round < options.Rounds; round++)
    {
        var b = await Wrk.RunAsync(new Uri(baseline.Address, singleUrl), Seeder.Context, headers, options);
        var e = earlier is null ? null : await Wrk.RunAsync(new Uri(earlier.Address, singleUrl), Seeder.Context, earlierHeaders, options);
        var v = await Wrk.RunAsync(new Uri(vexil.Address, singleUrl), Seeder.Context, headers, options);
        singles.Add((b, v));
        var compared = e is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", earlier build {e.RequestsPerSecond:N0} req/s (this build / earlier {v.RequestsPerSecond / e.RequestsPerSecond:P0})");
        if (e is not null)
        {
            earlierSingles.Add((e, v));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: bare {b.RequestsPerSecond:N0} req/s, vexil {v.RequestsPerSecond:N0} req/s, ratio {v.RequestsPerSecond / b.RequestsPerSecond:P0}{compared}"));
    }

    var baseBulk = await Wrk.RunAsync(new Uri(baseline.Address, bulkUrl), Seeder.Context, headers, options);
    var earlierBulk = earlier is null ? null : await Wrk.RunAsync(new Uri(earlier.Address, bulkUrl), Seeder.Context, earlierHeaders, options);
    var vexilBulk = await Wrk.RunAsync(new Uri(vexil.Address, bulkUrl), Seeder.Context, headers, options);

    var ratios = singles.Select(s => s.Vexil.RequestsPerSecond / s.Base.RequestsPerSecond).Order().ToArray();
    var median = ratios[ratios.Length / 2];
    var (baseSingle, vexilSingle) = singles.OrderBy(s => s.Vexil.RequestsPerSecond / s.Base.RequestsPerSecond).ElementAt(ratios.Length / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vexil: {(edge is null ? "the all-in-one control plane" : "an edge following the control plane")}; wrk -t{options.Threads} -c{options.Connections} -d{options.Seconds}s per run, loopback; {options.Rounds} interleaved single-flag rounds; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
    Console.WriteLine(options.Traced is { } ratio ? string.Create(CultureInfo.InvariantCulture, $"this build traced: OTLP/HTTP to a discarding sink, sampling ratio {ratio}") : "this build untraced (tracing off, the default)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk answer: {bulkBytes.Length:N0} bytes for 101 flags"));
    Console.WriteLine("| run | req/s | p50 | p99 | non-2xx |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Row("single flag, vexil (the median round)", vexilSingle);
    Row("single flag, bare Kestrel (same bytes, same round)", baseSingle);
    Row("bulk (101 flags), vexil", vexilBulk);
    Row("bulk, bare Kestrel (same bytes)", baseBulk);
    if (earlierBulk is not null)
    {
        var (earlierSingle, _) = earlierSingles.OrderBy(s => s.Vexil.RequestsPerSecond / s.Earlier.RequestsPerSecond).ElementAt(earlierSingles.Count / 2);
        Row("single flag, earlier build (the median round of this build / earlier)", earlierSingle);
        Row("bulk (101 flags), earlier build", earlierBulk);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single-flag throughput ratio vexil / bare Kestrel: median {median:P0} of {options.Rounds} rounds (range {ratios[0]:P0}–{ratios[^1]:P0}; target: at least 80%)"));
    if (earlierSingles.Count > 0)
    {
        var versus = earlierSingles.Select(s => s.Vexil.RequestsPerSecond / s.Earlier.RequestsPerSecond).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"this build / earlier build ({options.Compare}): single flag median {versus[versus.Length / 2]:P1} of {versus.Length} rounds (range {versus[0]:P1}–{versus[^1]:P1}); bulk {vexilBulk.RequestsPerSecond / earlierBulk!.RequestsPerSecond:P1}"));
    }
    var non2xx = vexilBulk.Non2xx + singles.Sum(s => s.Vexil.Non2xx);
    return non2xx == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(data, recursive: true);
}

static void Row(string name, WrkResult r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} ms | {r.P99Ms:0.00} ms | {r.Non2xx} |"));

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
