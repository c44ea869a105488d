using BenchmarkDotNet.Attributes;
using Vexil.Benchmarks.Evaluation;
using Vexil.Core.Context;
using Vexil.Core.Serialization;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;

namespace Vexil.Benchmarks.Sdk;

/// <summary>A client holding 10,000 flags (from an offline file): the memory it keeps, and a lookup among them.</summary>
[Config(typeof(BenchConfig))]
public class SdkMemoryBenchmarks
{
    private VexilClient _client = null!;
    private EvaluationContext _context = null!;
    private string _file = null!;

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), "vexil-bench-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(_file, RulesetJson.Write(RulesetFixtures.Large(10_000)));
        _context = EvaluationContext.CreateBuilder("user-4711").Set("country", "NL").Build();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        _client = new VexilClient(new VexilOptions { OfflineFilePath = _file });
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// retained by a VexilClient holding 10,000 flags (compiled flags + document + counters): {(after - before) / (1024.0 * 1024.0):F1} MiB ({_client.Ruleset.Flags.Count} flags, file {new FileInfo(_file).Length / (1024.0 * 1024.0):F1} MiB)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        File.Delete(_file);
    }

    [Benchmark(Description = "VexilClient.GetBoolean: flag found among 10,000")]
    public bool AmongTenThousand() => _client.GetBoolean("flag-7777", false, _context);
}
