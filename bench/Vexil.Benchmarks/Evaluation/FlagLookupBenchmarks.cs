using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Vexil.Core.Collections;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>
/// The flag lookup: the persistent hash trie that <c>CompiledRuleset</c> keeps against the frozen dictionary it
/// kept before, alone (keys as the evaluation benchmarks name them, "flag-7777", and longer realistic ones,
/// "team-7-checkout-redesign-7777") and inside the evaluation benchmarks' three lookup rows
/// (<see cref="FrozenLookupRuleset"/> is the previous evaluation path over the same compiled flags).
/// </summary>
[Config(typeof(BenchConfig))]
public class FlagLookupBenchmarks
{
    private FrozenDictionary<string, object> _frozen = null!;
    private HashTrie<object> _trie = null!;
    private FrozenDictionary<string, object> _frozenLong = null!;
    private HashTrie<object> _trieLong = null!;

    private CompiledRuleset _small = null!;
    private CompiledRuleset _large = null!;
    private FrozenLookupRuleset _smallBefore = null!;
    private FrozenLookupRuleset _largeBefore = null!;
    private EvaluationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = RulesetFixtures.Compile(
            string.Join(',', RulesetFixtures.TwoRulesFlag, RulesetFixtures.SemVerFlag, RulesetFixtures.RegexFlag, RulesetFixtures.SegmentFlag),
            RulesetFixtures.Segment);
        _large = Vexil.Core.Compilation.RulesetCompiler.Compile(RulesetFixtures.Large(10_000)).Ruleset!;
        _smallBefore = new FrozenLookupRuleset(_small);
        _largeBefore = new FrozenLookupRuleset(_large);
        _context = EvaluationContext.CreateBuilder("user-4711")
            .Set("country", "NL").Set("email", "someone@elsewhere.org").Set("beta", true).Set("plan", "pro").Set("appVersion", "2.4.1")
            .Build();

        var pairs = new List<KeyValuePair<string, object>>();
        var longPairs = new List<KeyValuePair<string, object>>();
        for (var i = 0; i < 10_000; i++)
        {
            pairs.Add(new("flag-" + i, new object()));
            longPairs.Add(new($"team-{i % 37}-checkout-redesign-{i}", new object()));
        }

        _frozen = pairs.ToFrozenDictionary(StringComparer.Ordinal);
        _trie = HashTrie<object>.Create(pairs, out _)!;
        _frozenLong = longPairs.ToFrozenDictionary(StringComparer.Ordinal);
        _trieLong = HashTrie<object>.Create(longPairs, out _)!;
    }

    [Benchmark(Baseline = true, Description = "frozen dictionary, 'flag-7777'")]
    public bool Frozen() => _frozen.TryGetValue("flag-7777", out _);

    [Benchmark(Description = "hash trie, 'flag-7777'")]
    public bool Trie() => _trie.TryGetValue("flag-7777", out _);

    [Benchmark(Description = "frozen dictionary, unknown key")]
    public bool FrozenUnknown() => _frozen.TryGetValue("no-such-flag", out _);

    [Benchmark(Description = "hash trie, unknown key")]
    public bool TrieUnknown() => _trie.TryGetValue("no-such-flag", out _);

    [Benchmark(Description = "frozen dictionary, 28-character key")]
    public bool FrozenLong() => _frozenLong.TryGetValue("team-7-checkout-redesign-7777", out _);

    [Benchmark(Description = "hash trie, 28-character key")]
    public bool TrieLong() => _trieLong.TryGetValue("team-7-checkout-redesign-7777", out _);

    [Benchmark(Description = "before (frozen): bool flag, 2 rules x 2 clauses, 50% rollout")]
    public bool HeadlineBefore() => _smallBefore.EvaluateBoolean("checkout", _context, false).Value;

    [Benchmark(Description = "after (trie): bool flag, 2 rules x 2 clauses, 50% rollout")]
    public bool HeadlineAfter() => _small.EvaluateBoolean("checkout", _context, false).Value;

    [Benchmark(Description = "before (frozen): flag found by key among 10,000")]
    public bool AmongTenThousandBefore() => _largeBefore.EvaluateBoolean("flag-7777", _context, false).Value;

    [Benchmark(Description = "after (trie): flag found by key among 10,000")]
    public bool AmongTenThousandAfter() => _large.EvaluateBoolean("flag-7777", _context, false).Value;

    [Benchmark(Description = "before (frozen): unknown flag")]
    public bool UnknownBefore() => _smallBefore.EvaluateBoolean("no-such-flag", _context, false).Value;

    [Benchmark(Description = "after (trie): unknown flag")]
    public bool UnknownAfter() => _small.EvaluateBoolean("no-such-flag", _context, false).Value;
}
