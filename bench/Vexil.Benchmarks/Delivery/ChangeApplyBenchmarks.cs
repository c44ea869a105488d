using BenchmarkDotNet.Attributes;
using Vexil.Benchmarks.Evaluation;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Delivery.Changes;
using Vexil.Sdk.Snapshots;

namespace Vexil.Benchmarks.Delivery;

/// <summary>
/// One changed flag (a kill switch: its <c>enabled</c> flips) arriving as a <c>change</c> event at an SDK or an edge
/// holding 1,000 or 10,000 flags (each a boolean flag with two rules of two clauses and a rollout): the event's bytes
/// read and applied by Vexil.Delivery (<see cref="ChangeEvent.Read"/>, <see cref="ChangeEvent.ApplyTo"/>, i.e.
/// <see cref="RulesetCompiler.Apply"/>) — the edge's path — and then the SDK's snapshot built from the one before
/// (<see cref="SnapshotChange"/>) — the SDK's path; against the old parse-merge-recompile of the whole held document,
/// measured in the same run. Persistence (a journal append) is I/O and not measured here.
/// </summary>
[Config(typeof(BenchConfig))]
public class ChangeApplyBenchmarks
{
    private byte[] _document = null!;
    private byte[] _change = null!;
    private CompiledRuleset _held = null!;
    private RulesetSnapshot _snapshot = null!;

    [Params(1_000, 10_000)]
    public int Flags { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var definition = RulesetFixtures.Large(Flags);
        _document = RulesetJson.Write(definition);
        _held = RulesetCompiler.Load(_document).Ruleset ?? throw new InvalidOperationException("fixture does not compile");
        _snapshot = RulesetSnapshot.Create(_held, fromServer: true, DateTimeOffset.UtcNow);
        var flag = _held.GetDefinition("flag-7")! with { Enabled = false, Version = 2 };
        _change = new ChangeEvent(RulesetChange.Empty(2) with { UpsertFlags = [flag] }, DateTimeOffset.UtcNow).ToUtf8Json();
        if (Edge()?.Evaluate("flag-7", Core.Context.EvaluationContext.Empty).VariationKey != "off"
            || Sdk()?.Evaluate("flag-7", Core.Context.EvaluationContext.Empty).VariationKey != "off"
            || Baseline()?.Evaluate("flag-7", Core.Context.EvaluationContext.Empty).VariationKey != "off")
        {
            throw new InvalidOperationException("the change was not applied");
        }
    }

    [Benchmark(Baseline = true, Description = "old: parse held document + merge + read + compile all")]
    public CompiledRuleset? Baseline() => ParseMergeRecompile.Apply(_document, _change, 2);

    [Benchmark(Description = "edge: ChangeEvent.Read + ApplyTo")]
    public CompiledRuleset? Edge() => ChangeEvent.Read(_change).Event!.ApplyTo(_held).Ruleset;

    [Benchmark(Description = "SDK: ChangeEvent.Read + ApplyTo + snapshot")]
    public CompiledRuleset? Sdk()
    {
        var applied = ChangeEvent.Read(_change).Event!.ApplyTo(_held);
        return SnapshotChange.TryApply(_snapshot, applied.Ruleset!, applied.ChangedFlagKeys, applied.DependentFlagKeys, [])?.Ruleset;
    }
}
