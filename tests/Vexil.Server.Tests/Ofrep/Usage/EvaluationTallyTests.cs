using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;

namespace Vexil.Server.Tests.Ofrep.Usage;

public sealed class EvaluationTallyTests
{
    [Fact(Timeout = 60_000)]
    public async Task Drain_CountsEveryEvaluationOncePerFlagVariationAndVersion_EvenWhileThreadsRecord()
    {
        var ruleset = Compile();
        var tally = new EvaluationTally(_ => true);
        var context = Vexil.Core.Context.EvaluationContext.Empty;
        var on = ruleset.Evaluate("on-flag", context);
        var off = ruleset.Evaluate("off-flag", context);
        var missing = ruleset.Evaluate("missing", context);
        var drained = new List<SummaryLine>();

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                tally.Record(in on);
                if (i % 10 == 0)
                {
                    tally.Record(in off);
                    tally.Record(in missing);
                }
            }
        })).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            drained.AddRange(tally.Drain());
        }

        await Task.WhenAll(writers);
        drained.AddRange(tally.Drain());
        drained.AddRange(tally.Drain());

        Assert.Equal(200_000, drained.Where(d => d.Flag == "on-flag").Sum(d => d.Count));
        Assert.Equal(20_000, drained.Where(d => d.Flag == "off-flag").Sum(d => d.Count));
        Assert.All(drained.Where(d => d.Flag == "on-flag"), d => Assert.Equal(("on", 1L), (d.Variation, d.Version)));
        Assert.All(drained.Where(d => d.Flag == "off-flag"), d => Assert.Equal("off", d.Variation));
        Assert.DoesNotContain(drained, d => d.Flag == "missing");
        Assert.Empty(tally.Drain());
    }

    [Fact]
    public void Drain_ForgetsAFlagOnlyOnceItsRulesetWasReplacedAndItWasIdleForTwoDrains()
    {
        var ruleset = Compile();
        var current = true;
        var tally = new EvaluationTally(_ => current);
        var on = ruleset.Evaluate("on-flag", Vexil.Core.Context.EvaluationContext.Empty);
        tally.Record(in on);

        Assert.Single(tally.Drain());
        Assert.Empty(tally.Drain());
        Assert.Empty(tally.Drain());
        Assert.Equal(1, tally.Tracked); // still the current ruleset's flag: kept however idle

        current = false;
        tally.Record(in on); // a request that still held the old ruleset
        Assert.Equal(1, Assert.Single(tally.Drain()).Count);
        Assert.Empty(tally.Drain());
        Assert.Equal(1, tally.Tracked);
        Assert.Empty(tally.Drain());
        Assert.Equal(0, tally.Tracked);
    }

    private static CompiledRuleset Compile()
    {
        const string json = """
            {"formatVersion":1,"environment":"test","version":3,"segments":[],"flags":[
              {"key":"on-flag","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"version":1,"enabled":true,"offVariation":"off","fallthrough":{"variation":"on"}},
              {"key":"off-flag","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"version":2,"enabled":false,"offVariation":"off","fallthrough":{"variation":"on"}}]}
            """;
        var result = RulesetCompiler.Load(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Ruleset!;
    }
}
