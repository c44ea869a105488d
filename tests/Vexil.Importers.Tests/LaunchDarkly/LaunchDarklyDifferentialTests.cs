using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Importers.LaunchDarkly;
using Vexil.Importers.Tests.Oracles;

namespace Vexil.Importers.Tests.LaunchDarkly;

/// <summary>
/// Random flag sets evaluated by LaunchDarkly's Node SDK (through its OpenFeature provider, from its file data source)
/// and by Vexil after the import: the same variation, value, error and reason for thousands of random contexts per run.
/// The seed is printed; set VEXIL_DIFF_SEED to replay a run.
/// </summary>
[Collection(OracleCollection.Name)]
public sealed class LaunchDarklyDifferentialTests(ITestOutputHelper output)
{
    private const int FlagSets = 25;
    private const int FlagsPerSet = 10;
    private const int ContextsPerSet = 150;

    [Fact]
    public async Task RandomFlagsAndContexts_EvaluateAsLaunchDarklyDoes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("VEXIL_DIFF_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (VEXIL_DIFF_SEED={seed} replays this run)");
        await using var oracle = NodeOracle.Start("ld-oracle.mjs");
        var failures = new List<string>();
        var compared = 0;
        for (var set = 0; set < FlagSets; set++)
        {
            var generator = new LaunchDarklyGenerator(seed + set);
            var data = generator.FlagSet(FlagsPerSet, out var flags);
            var import = LaunchDarklyImporter.Translate(Encoding.UTF8.GetBytes(data.ToJsonString()));
            Assert.True(import.IsComplete, $"seed {seed + set}: {string.Join("; ", import.Errors)}\n{data.ToJsonString()}");
            var compiled = RulesetCompiler.Compile(new RulesetDefinition("e", 1, import.Flags, import.Segments));
            Assert.True(compiled.Ruleset is not null, string.Join("; ", compiled.Errors));
            await oracle.LoadAsync(data);

            var cases = new JsonArray();
            var contexts = new List<JsonObject>();
            for (var c = 0; c < ContextsPerSet; c++)
            {
                var context = generator.Context();
                foreach (var (key, type) in flags)
                {
                    cases.Add(new JsonObject { ["flag"] = key, ["type"] = type, ["context"] = context.DeepClone() });
                    contexts.Add(context);
                }
            }

            var results = await oracle.EvaluateAsync(cases);
            for (var i = 0; i < results.Count; i++)
            {
                var flag = cases[i]!["flag"]!.GetValue<string>();
                var context = EvaluationContext.FromJson(JsonDocument.Parse(contexts[i].ToJsonString()).RootElement);
                var vexil = compiled.Ruleset!.Evaluate(flag, context);
                var problem = Compare(results[i]!.AsObject(), vexil);
                compared++;
                if (problem is not null && failures.Count < 20)
                {
                    failures.Add($"seed {seed + set}, flag {flag}, context {contexts[i].ToJsonString()}: {problem}\n  flag: {data["flags"]![flag]!.ToJsonString()}\n  segments: {data["segments"]!.ToJsonString()}");
                }
            }
        }

        output.WriteLine($"{compared} evaluations compared");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Null when LaunchDarkly and Vexil agree; else what differs.</summary>
    internal static string? Compare(JsonObject ld, in EvaluationResult vexil)
    {
        if (ld["thrown"] is { } thrown)
        {
            return "LaunchDarkly threw " + thrown;
        }

        var detail = ld["ld"]!.AsObject();
        var kind = detail["kind"]?.GetValue<string>();
        var index = detail["variationIndex"]?.GetValue<int>();
        var vexilIndex = vexil.HasValue ? int.Parse(vexil.VariationKey!, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        if (index != vexilIndex)
        {
            return $"variation: LaunchDarkly {index?.ToString() ?? "none"} ({kind}), Vexil {vexilIndex?.ToString() ?? "none"} ({vexil.Reason}, {vexil.Detail.Kind}, {vexil.ErrorCode})";
        }

        var expected = kind switch
        {
            "OFF" => vexil.Reason == EvaluationReason.Disabled,
            "TARGET_MATCH" => vexil.Detail.Kind == ReasonKind.Target,
            "RULE_MATCH" => vexil.Detail.Kind == ReasonKind.Rule && vexil.Detail.RuleIndex == detail["ruleIndex"]!.GetValue<int>(),
            "FALLTHROUGH" => vexil.Detail.Kind == ReasonKind.Fallthrough,
            "PREREQUISITE_FAILED" => vexil.Detail.Kind == ReasonKind.PrerequisiteFailed && vexil.Detail.PrerequisiteKey == detail["prerequisiteKey"]!.GetValue<string>(),
            "ERROR" => vexil.Reason == EvaluationReason.Error && (detail["errorKind"]?.GetValue<string>() != "USER_NOT_SPECIFIED" || vexil.ErrorCode == ErrorCode.TargetingKeyMissing),
            _ => false,
        };
        return expected ? null : $"reason: LaunchDarkly {kind} (rule {detail["ruleIndex"]}, prerequisite {detail["prerequisiteKey"]}, {detail["errorKind"]}), Vexil {vexil.Reason} {vexil.Detail} {vexil.ErrorCode}";
    }
}
