using BenchmarkDotNet.Attributes;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>
/// A 50% rollout bucketed as LaunchDarkly (SHA-1, contexts with kinds) and as Unleash (a strategy percentage, then
/// variants, MurmurHash3 twice) against the same rollout with vexil-v1 (the baseline). Every row must allocate 0 bytes.
/// </summary>
[Config(typeof(BenchConfig))]
public class ImportedRolloutBenchmarks
{
    private const string Flags = """
        {"key":"native","type":"boolean","enabled":true,"variations":[{"key":"on","value":true},{"key":"off","value":false}],
         "fallthrough":{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}},
        {"key":"ld","type":"boolean","enabled":true,"contextKinds":true,"salt":"ld.4f7c1e","variations":[{"key":"0","value":true},{"key":"1","value":false}],
         "fallthrough":{"rollout":{"algorithm":"launchdarkly-v1","bucketBy":"key","contextKind":"user","weights":[{"variation":"0","weight":50000},{"variation":"1","weight":50000}]}}},
        {"key":"unleash","type":"boolean","enabled":true,"offVariation":"disabled",
         "variations":[{"key":"disabled","value":false},{"key":"enabled","value":true},{"key":"blue","value":true},{"key":"red","value":true}],
         "rules":[{"id":"s1","clauses":[],"percentage":{"weight":50000,"algorithm":"unleash-v1","salt":"unleash","stickiness":"default"},
           "serve":{"rollout":{"algorithm":"unleash-variant-v1","salt":"unleash","stickiness":"default","bucketCount":1000,"weights":[{"variation":"blue","weight":50000},{"variation":"red","weight":50000}]}}}],
         "fallthrough":{"variation":"disabled"}}
        """;

    private CompiledRuleset _ruleset = null!;
    private EvaluationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ruleset = RulesetFixtures.Compile(Flags);
        _context = EvaluationContext.CreateBuilder("user-4711").Set("email", "ann@example.com").Build();
    }

    [Benchmark(Baseline = true, Description = "50% rollout, vexil-v1")]
    public bool Native() => _ruleset.EvaluateBoolean("native", _context, false).Value;

    [Benchmark(Description = "50% rollout, launchdarkly-v1 (imported from LaunchDarkly)")]
    public bool LaunchDarkly() => _ruleset.EvaluateBoolean("ld", _context, false).Value;

    [Benchmark(Description = "50% strategy rollout + 2 variants, unleash-v1 (imported from Unleash)")]
    public bool Unleash() => _ruleset.EvaluateBoolean("unleash", _context, false).Value;
}
