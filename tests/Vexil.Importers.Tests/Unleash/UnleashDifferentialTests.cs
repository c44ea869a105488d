using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Importers.Tests.Oracles;
using Vexil.Importers.Unleash;

namespace Vexil.Importers.Tests.Unleash;

/// <summary>
/// Random features evaluated by unleash-client (the Node SDK's own evaluator) and by Vexil after the import: the same
/// enabled state, variant and payload for thousands of random contexts per run. Results that Unleash drew at random
/// (it reports when it called Math.random) are compared by distribution in UnleashRandomStickinessTests.
/// The seed is printed; set VEXIL_DIFF_SEED to replay a run.
/// </summary>
[Collection(OracleCollection.Name)]
public sealed class UnleashDifferentialTests(ITestOutputHelper output)
{
    private const int Sets = 25;
    private const int FeaturesPerSet = 10;
    private const int ContextsPerSet = 100;

    [Fact]
    public async Task RandomFeaturesAndContexts_EvaluateAsUnleashDoes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("VEXIL_DIFF_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (VEXIL_DIFF_SEED={seed} replays this run)");
        await using var oracle = NodeOracle.Start("unleash-oracle.mjs");
        var failures = new List<string>();
        int compared = 0, random = 0;
        for (var set = 0; set < Sets; set++)
        {
            var generator = new UnleashGenerator(seed + set);
            var data = generator.FeatureSet(FeaturesPerSet, out var names);
            var import = UnleashImporter.Translate(Encoding.UTF8.GetBytes(data.ToJsonString()));
            Assert.True(import.IsComplete, $"seed {seed + set}: {string.Join("; ", import.Errors)}\n{data.ToJsonString()}");
            var compiled = RulesetCompiler.Compile(new RulesetDefinition("e", 1, import.Flags, import.Segments));
            Assert.True(compiled.Ruleset is not null, string.Join("; ", compiled.Errors));
            await oracle.LoadAsync(data);

            var cases = new JsonArray();
            var contexts = new List<JsonObject>();
            for (var c = 0; c < ContextsPerSet; c++)
            {
                var context = generator.Context();
                foreach (var name in names)
                {
                    cases.Add(new JsonObject { ["flag"] = name, ["context"] = context.DeepClone() });
                    contexts.Add(context);
                }
            }

            var results = await oracle.EvaluateAsync(cases);
            for (var i = 0; i < results.Count; i++)
            {
                var result = results[i]!.AsObject();
                if (result["random"]?.GetValue<bool>() == true)
                {
                    random++;
                    continue;
                }

                var flag = cases[i]!["flag"]!.GetValue<string>();
                var context = EvaluationContext.FromJson(JsonDocument.Parse(contexts[i].ToJsonString()).RootElement);
                var detail = compiled.Ruleset!.EvaluateBoolean(flag, context, defaultValue: false);
                var problem = Compare(result, detail);
                compared++;
                if (problem is not null && failures.Count < 20)
                {
                    var feature = data["features"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == flag);
                    failures.Add($"seed {seed + set}, flag {flag}, context {contexts[i].ToJsonString()}: {problem}\n  feature: {feature!.ToJsonString()}");
                }
            }
        }

        output.WriteLine($"{compared} evaluations compared, {random} drawn at random by Unleash");
        Assert.True(compared > Sets * FeaturesPerSet * ContextsPerSet / 2, $"only {compared} deterministic evaluations");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Null when Unleash and Vexil agree; else what differs.</summary>
    internal static string? Compare(JsonObject unleash, in EvaluationDetail<bool> vexil)
    {
        if (unleash["thrown"] is { } thrown)
        {
            return "Unleash threw " + thrown;
        }

        var enabled = unleash["enabled"]!.GetValue<bool>();
        var variant = unleash["variant"]!.GetValue<string>();
        var expectedKey = !enabled ? "disabled" : variant == "disabled" ? "enabled" : variant;
        if (vexil.Value != enabled || vexil.VariationKey != expectedKey)
        {
            return $"Unleash enabled={enabled} variant={variant}, Vexil {vexil.Value} {vexil.VariationKey} ({vexil.Reason}, {vexil.Detail}, {vexil.ErrorCode})";
        }

        var payload = unleash["payload"];
        vexil.Metadata.Entries.TryGetValue("payload", out var text);
        vexil.Metadata.Entries.TryGetValue("payloadType", out var type);
        if (payload is null != text.IsMissing || (payload is not null && (payload["value"]!.GetValue<string>() != text.AsString || payload["type"]!.GetValue<string>() != type.AsString)))
        {
            return $"payload: Unleash {payload?.ToJsonString() ?? "none"}, Vexil {text} ({type})";
        }

        return null;
    }
}
