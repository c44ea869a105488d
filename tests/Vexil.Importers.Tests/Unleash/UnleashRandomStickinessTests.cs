using System.Text;
using System.Text.Json.Nodes;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Importers.Tests.Oracles;
using Vexil.Importers.Unleash;

namespace Vexil.Importers.Tests.Unleash;

/// <summary>
/// Unleash's random stickiness (flexibleRollout <c>random</c>, <c>default</c> without userId or sessionId,
/// gradualRolloutRandom, variants with random stickiness) cannot be compared call by call: the shares over many
/// evaluations are, against unleash-client's, within five standard deviations.
/// </summary>
[Collection(OracleCollection.Name)]
public sealed class UnleashRandomStickinessTests
{
    private const int Samples = 20_000;

    private const string Features = """
        {"features":[
          {"name":"flexible-random","enabled":true,"strategies":[{"name":"flexibleRollout","parameters":{"rollout":"37","stickiness":"random","groupId":"g"}}]},
          {"name":"flexible-default","enabled":true,"strategies":[{"name":"flexibleRollout","parameters":{"rollout":"63","stickiness":"default","groupId":"flexible-default"}}]},
          {"name":"gradual-random","enabled":true,"strategies":[{"name":"gradualRolloutRandom","parameters":{"percentage":"37"}}]},
          {"name":"random-variants","enabled":true,"strategies":[{"name":"default"}],
           "variants":[{"name":"a","weight":200,"stickiness":"random"},{"name":"b","weight":300,"stickiness":"random"},{"name":"c","weight":500,"stickiness":"random"}]}
        ]}
        """;

    [Fact]
    public async Task RandomStickiness_HasUnleashsShares()
    {
        var import = UnleashImporter.Translate(Encoding.UTF8.GetBytes(Features));
        Assert.True(import.IsComplete, string.Join("; ", import.Errors));
        var ruleset = RulesetCompiler.Compile(new RulesetDefinition("e", 1, import.Flags, [])).Ruleset!;
        await using var oracle = NodeOracle.Start("unleash-oracle.mjs");
        await oracle.LoadAsync(JsonNode.Parse(Features)!);

        foreach (var flag in new[] { "flexible-random", "flexible-default", "gradual-random", "random-variants" })
        {
            var cases = new JsonArray();
            for (var i = 0; i < Samples; i++)
            {
                cases.Add(new JsonObject { ["flag"] = flag, ["context"] = new JsonObject { ["plan"] = "pro" } });
            }

            var unleash = (await oracle.EvaluateAsync(cases)).Select(r => r!["enabled"]!.GetValue<bool>() ? r["variant"]!.GetValue<string>() : "off").ToList();
            var context = EvaluationContext.CreateBuilder().Set("plan", "pro").Build();
            var vexil = Enumerable.Range(0, Samples).Select(_ => ruleset.EvaluateBoolean(flag, context, false)).Select(d => d.Value ? (d.VariationKey == "enabled" ? "disabled" : d.VariationKey!) : "off").ToList();
            foreach (var outcome in unleash.Concat(vexil).Distinct())
            {
                var p = unleash.Count(x => x == outcome) / (double)Samples;
                var q = vexil.Count(x => x == outcome) / (double)Samples;
                var sigma = Math.Sqrt(Math.Max(p * (1 - p), 1e-4) * 2 / Samples);
                Assert.True(Math.Abs(p - q) < 5 * sigma, $"{flag}: '{outcome}' is {p:P2} in Unleash and {q:P2} in Vexil");
            }
        }
    }
}
