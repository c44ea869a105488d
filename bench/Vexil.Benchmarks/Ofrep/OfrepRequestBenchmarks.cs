using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Hosting.Ofrep.Usage;

namespace Vexil.Benchmarks.Ofrep;

/// <summary>
/// What issue #18 added to every OFREP request: the body parsed refusing duplicate properties (against the lenient
/// parse it replaced), and each evaluation counted for usage (one flag; the 101 flags of the OFREP bench's bulk answer).
/// </summary>
[Config(typeof(BenchConfig))]
public class OfrepRequestBenchmarks
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"context":{"targetingKey":"user-42","email":"ann@example.com","plan":"pro"}}""");
    private readonly byte[] _wide = Encoding.UTF8.GetBytes("{\"context\":{\"targetingKey\":\"user-42\"," + string.Join(',', Enumerable.Range(0, 30).Select(i => $"\"attribute{i}\":\"value {i}\"")) + "}}");
    private EvaluationTally _tally = null!;
    private EvaluationResult[] _results = null!;
    private CompiledRuleset _ruleset = null!;
    private EvaluationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var flags = string.Join(',', Enumerable.Range(0, 101).Select(i =>
            "{\"key\":\"flag-" + i + "\",\"type\":\"boolean\",\"variations\":[{\"key\":\"on\",\"value\":true},{\"key\":\"off\",\"value\":false}],\"enabled\":true,\"offVariation\":\"off\",\"fallthrough\":{\"variation\":\"on\"}}"));
        var ruleset = Vexil.Core.Compilation.RulesetCompiler.Load(Encoding.UTF8.GetBytes($$"""{"formatVersion":1,"environment":"bench","version":1,"segments":[],"flags":[{{flags}}]}""")).Ruleset!;
        _results = [.. ruleset.Flags.Keys.Select(k => ruleset.Evaluate(k, EvaluationContext.Empty))];
        _tally = new EvaluationTally(_ => true);
        _ruleset = ruleset;
        _context = EvaluationContext.CreateBuilder("user-42").Set("email", "ann@example.com").Set("plan", "pro").Build();
    }

    [Benchmark(Baseline = true, Description = "parse the bench's OFREP body, duplicates allowed (before)")]
    public JsonValueKind ParseLenient()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.ValueKind;
    }

    [Benchmark(Description = "same body, duplicates refused (after)")]
    public JsonValueKind ParseStrict()
    {
        using var document = JsonDocument.Parse(_body, Strict);
        return document.RootElement.ValueKind;
    }

    [Benchmark(Description = "a 31-attribute context, duplicates allowed")]
    public JsonValueKind ParseWideLenient()
    {
        using var document = JsonDocument.Parse(_wide);
        return document.RootElement.ValueKind;
    }

    [Benchmark(Description = "a 31-attribute context, duplicates refused")]
    public JsonValueKind ParseWideStrict()
    {
        using var document = JsonDocument.Parse(_wide, Strict);
        return document.RootElement.ValueKind;
    }

    [Benchmark(Description = "write a bulk answer of 101 flags, not counted (before)")]
    public int BulkAnswer() => Vexil.Hosting.Ofrep.OfrepWriter.Bulk(_ruleset, _context).Length;

    [Benchmark(Description = "write a bulk answer of 101 flags, each counted (after)")]
    public int BulkAnswerCounted() => Vexil.Hosting.Ofrep.OfrepWriter.Bulk(_ruleset, _context, null, _tally).Length;

    [Benchmark(Description = "count one evaluation for usage")]
    public void RecordOne() => _tally.Record(in _results[0]);

    [Benchmark(Description = "count a bulk answer's 101 evaluations")]
    public void RecordBulk()
    {
        foreach (ref readonly var result in _results.AsSpan())
        {
            _tally.Record(in result);
        }
    }
}
