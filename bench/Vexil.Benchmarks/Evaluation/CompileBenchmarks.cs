using System.Text;
using BenchmarkDotNet.Attributes;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>Compiling a ruleset of 10,000 flags (each with two rules of two clauses and a rollout).</summary>
[Config(typeof(BenchConfig))]
public class CompileBenchmarks
{
    private RulesetDefinition _definition = null!;
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definition = RulesetFixtures.Large(10_000);
        _json = RulesetJson.Write(_definition);
        Console.WriteLine($"// 10,000-flag ruleset: {_json.Length:N0} bytes of JSON ({Encoding.UTF8.GetString(_json, 0, 40)}...)");

        // Memory the compiled ruleset keeps alive (the definition it came from may be dropped).
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var compiled = RulesetCompiler.Load(_json).Ruleset;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// retained by the compiled 10,000-flag ruleset: {(after - before) / (1024.0 * 1024.0):F1} MiB ({compiled!.Flags.Count} flags)");
        GC.KeepAlive(compiled);
    }

    [Benchmark(Description = "compile 10,000 flags (definition -> compiled)")]
    public CompiledRuleset? Compile() => RulesetCompiler.Compile(_definition).Ruleset;

    [Benchmark(Description = "read + compile 10,000 flags (JSON -> compiled)")]
    public CompiledRuleset? ReadAndCompile() => RulesetCompiler.Load(_json).Ruleset;
}
