using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>
/// Writing the native document of a 10,000-flag ruleset from the compiled ruleset's definitions
/// (<c>ToDefinition</c> then <c>RulesetJson.Write</c>): allocation against the document's size. The reference
/// row writes it as <c>RulesetJson.Write</c> did before (a growing <c>ArrayBufferWriter</c>, then a copy).
/// </summary>
[Config(typeof(BenchConfig))]
public class DocumentWriteBenchmarks
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private CompiledRuleset _ruleset = null!;
    private ArrayBufferWriter<byte> _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ruleset = RulesetCompiler.Compile(RulesetFixtures.Large(10_000)).Ruleset!;
        var size = RulesetJson.Write(_ruleset.ToDefinition()).Length;
        _destination = new ArrayBufferWriter<byte>(size + 1024);
        Console.WriteLine($"// document of 10,000 flags: {size:N0} bytes");
    }

    [Benchmark(Baseline = true, Description = "before: ArrayBufferWriter growing from 4 KiB, then ToArray")]
    public byte[] Before()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            RulesetJson.Write(writer, _ruleset.ToDefinition());
        }

        return buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Description = "RulesetJson.Write(ToDefinition()): pooled buffer, one exact copy")]
    public byte[] Write() => RulesetJson.Write(_ruleset.ToDefinition());

    [Benchmark(Description = "RulesetJson.Write(IBufferWriter, ToDefinition()): into the caller's buffer")]
    public int WriteInto()
    {
        _destination.ResetWrittenCount();
        RulesetJson.Write(_destination, _ruleset.ToDefinition());
        return _destination.WrittenCount;
    }
}
