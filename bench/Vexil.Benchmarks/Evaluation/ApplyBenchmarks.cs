using System.Text;
using BenchmarkDotNet.Attributes;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>
/// One change to rulesets of 10, 1,000 and 10,000 flags (each a boolean flag with two rules of two clauses and a
/// rollout; ten of them also match a segment): a kill switch (one flag's <c>enabled</c> flips) and a changed
/// segment that ten flags use, applied with <see cref="RulesetCompiler.Apply"/>; against today's way, compiling
/// the whole changed definition, in the same run.
/// </summary>
[Config(typeof(BenchConfig))]
public class ApplyBenchmarks
{
    private CompiledRuleset _current = null!;
    private RulesetDefinition _killed = null!;
    private RulesetChange _killSwitch = null!;
    private RulesetChange _segment = null!;

    [Params(10, 1_000, 10_000)]
    public int Flags { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var definition = WithSegmentUsers(RulesetFixtures.Large(Flags));
        _current = RulesetCompiler.Compile(definition).Ruleset ?? throw new InvalidOperationException("fixture does not compile");

        var flag = _current.GetDefinition("flag-7")! with { Enabled = false, Version = 2 };
        _killSwitch = RulesetChange.Empty(2) with { UpsertFlags = [flag] };
        _killed = definition with { Version = 2, Flags = [.. definition.Flags.Select(f => f.Key == flag.Key ? flag : f)] };

        var segment = _current.GetSegmentDefinition("beta-testers")! with { Included = ["user-1", "user-2", "user-3", "user-4"], Version = 2 };
        _segment = RulesetChange.Empty(2) with { UpsertSegments = [segment] };
        Check(RulesetCompiler.Apply(_current, _killSwitch));
        Check(RulesetCompiler.Apply(_current, _segment));
    }

    [Benchmark(Baseline = true, Description = "today: compile the whole changed definition")]
    public CompiledRuleset? FullCompile() => RulesetCompiler.Compile(_killed).Ruleset;

    [Benchmark(Description = "Apply: kill switch (one flag's enabled flips)")]
    public CompiledRuleset? ApplyKillSwitch() => RulesetCompiler.Apply(_current, _killSwitch).Ruleset;

    [Benchmark(Description = "Apply: a segment that 10 flags match")]
    public CompiledRuleset? ApplySegment() => RulesetCompiler.Apply(_current, _segment).Ruleset;

    /// <summary>The fixture's flags, the first ten of which also match segment beta-testers in a third rule.</summary>
    private static RulesetDefinition WithSegmentUsers(RulesetDefinition definition)
    {
        var read = RulesetJson.Read(Encoding.UTF8.GetBytes(RulesetFixtures.Document(RulesetFixtures.SegmentFlag, RulesetFixtures.Segment)));
        var segmentRule = read.Ruleset!.Flags[0].Rules[0];
        var flags = definition.Flags.Select((f, i) => i < 10 ? f with { Rules = [.. f.Rules, segmentRule] } : f).ToList();
        return definition with { Flags = flags, Segments = read.Ruleset.Segments };
    }

    private static void Check(RulesetCompileResult result)
    {
        if (!result.IsValid)
        {
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        }
    }
}
