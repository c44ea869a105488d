using System.Globalization;
using Vexil.OfrepBench;

// OFREP load benchmark (docs/benchmarks.md#ofrep-under-load): a real vexil (all roles, SQLite) against a bare
// Kestrel app answering the same bytes, both measured with wrk in the same run on the same machine.
if (args.Length > 0 && args[0] == "baseline")
{
    await BareKestrel.RunAsync(args[1], args[2], args[3]);
    return 0;
}

var options = BenchOptions.Parse(args);
const string Password = "ofrep-bench-password-1";
var data = Directory.CreateTempSubdirectory("vexil-ofrep-bench-").FullName;
var single = Path.Combine(data, "single.json");
var bulk = Path.Combine(data, "bulk.json");
try
{
    await using var vexil = await Node.VexilAsync(Path.Combine(data, "vexil"), Password);
    var key = await Seeder.SeedAsync(vexil.Address, Password);
    await File.WriteAllBytesAsync(single, await Seeder.AnswerAsync(vexil.Address, "/ofrep/v1/evaluate/flags/single", key));
    var bulkBytes = await Seeder.AnswerAsync(vexil.Address, "/ofrep/v1/evaluate/flags", key);
    await File.WriteAllBytesAsync(bulk, bulkBytes);
    await using var baseline = await Node.BaselineAsync(single, bulk);

    var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " + key };
    var warmup = options with { Seconds = Math.Max(1, options.Seconds / 5) };
    var singleUrl = "/ofrep/v1/evaluate/flags/single";
    var bulkUrl = "/ofrep/v1/evaluate/flags";
    foreach (var node in new[] { vexil, baseline })
    {
        await Wrk.RunAsync(new Uri(node.Address, singleUrl), Seeder.Context, headers, warmup);
        await Wrk.RunAsync(new Uri(node.Address, bulkUrl), Seeder.Context, headers, warmup);
    }

    // Interleaved, so that a change in the machine's load hits both sides alike.
    var baseSingle = await Wrk.RunAsync(new Uri(baseline.Address, singleUrl), Seeder.Context, headers, options);
    var vexilSingle = await Wrk.RunAsync(new Uri(vexil.Address, singleUrl), Seeder.Context, headers, options);
    var baseBulk = await Wrk.RunAsync(new Uri(baseline.Address, bulkUrl), Seeder.Context, headers, options);
    var vexilBulk = await Wrk.RunAsync(new Uri(vexil.Address, bulkUrl), Seeder.Context, headers, options);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrk -t{options.Threads} -c{options.Connections} -d{options.Seconds}s per run, loopback; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk answer: {bulkBytes.Length:N0} bytes for 101 flags"));
    Console.WriteLine("| run | req/s | p50 | p99 | non-2xx |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Row("single flag, vexil", vexilSingle);
    Row("single flag, bare Kestrel (same bytes)", baseSingle);
    Row("bulk (101 flags), vexil", vexilBulk);
    Row("bulk, bare Kestrel (same bytes)", baseBulk);
    var ratio = vexilSingle.RequestsPerSecond / baseSingle.RequestsPerSecond;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single-flag throughput ratio vexil / bare Kestrel: {ratio:P0} (target: at least 80%)"));
    return vexilSingle.Non2xx + vexilBulk.Non2xx == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(data, recursive: true);
}

static void Row(string name, WrkResult r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} ms | {r.P99Ms:0.00} ms | {r.Non2xx} |"));

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
