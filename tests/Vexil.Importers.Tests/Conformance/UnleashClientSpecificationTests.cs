using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Importers.Unleash;

namespace Vexil.Importers.Tests.Conformance;

/// <summary>
/// Unleash's client specification (the cases every Unleash SDK runs, Conformance/unleash-client-specification): each
/// file's features are imported, and every case whose feature was imported evaluates as the specification expects.
/// Features the importer refuses are listed with their reason in <see cref="Refused"/>, so a new refusal fails.
/// </summary>
public sealed class UnleashClientSpecificationTests(ITestOutputHelper output)
{
    /// <summary>The features the importer refuses, by file, and why (the only ones skipped).</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["18-utf8-flag-names.json:Feature.UTF-8.Hellø_Wørld"] = "not a Vexil flag key",
        ["18-utf8-flag-names.json:Feature.UTF-8.😊_φriend_你好_🌍"] = "not a Vexil flag key",
        ["21-regex-constraint-operators.json:R04.word_boundary_ascii"] = "\\b: RE2's ASCII word boundary has no exact equivalent in .NET's non-backtracking engine",
    };

    public static TheoryData<string> Files => [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Conformance", "unleash-client-specification");

    [Theory]
    [MemberData(nameof(Files))]
    public void Specification_EvaluatesAsEveryUnleashSdk(string file)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        var state = spec["state"]!;
        var import = UnleashImporter.Translate(Encoding.UTF8.GetBytes(state.ToJsonString()));
        foreach (var error in import.Errors)
        {
            output.WriteLine($"refused: {error}");
        }

        var ruleset = RulesetCompiler.Compile(new RulesetDefinition("e", 1, import.Flags, [])).Ruleset!;
        var failures = new List<string>();
        var compared = 0;
        foreach (var test in (spec["tests"] as JsonArray ?? []).Concat(spec["variantTests"] as JsonArray ?? []))
        {
            var toggle = test!["toggleName"]!.GetValue<string>();
            if (import.RefusedFlags.Contains(toggle))
            {
                Assert.True(Refused.ContainsKey($"{file}:{toggle}"), $"{file}: '{toggle}' was refused: {string.Join("; ", import.Errors)}");
                continue;
            }

            var detail = ruleset.EvaluateBoolean(toggle, Context(test["context"]!.AsObject()), defaultValue: false);
            if (detail.ErrorCode == Vexil.Core.Evaluation.ErrorCode.FlagNotFound)
            {
                // An unknown toggle: the caller's default (false) and, for getVariant, Unleash's disabled variant.
                detail = detail with { VariationKey = "disabled" };
            }

            var expected = test["expectedResult"]!;
            compared++;
            if (expected is JsonValue)
            {
                if (detail.Value != expected.GetValue<bool>())
                {
                    failures.Add($"{test["description"]}: enabled {detail.Value}, expected {expected}");
                }

                continue;
            }

            var featureEnabled = expected["feature_enabled"]?.GetValue<bool>() ?? expected["enabled"]!.GetValue<bool>();
            var name = expected["name"]!.GetValue<string>();
            var key = !featureEnabled ? "disabled" : name == "disabled" ? "enabled" : name;
            detail.Metadata.Entries.TryGetValue("payload", out var payload);
            var expectedPayload = expected["payload"]?["value"]?.GetValue<string>();
            if (detail.Value != featureEnabled || detail.VariationKey != key || payload.AsString != expectedPayload)
            {
                failures.Add($"{test["description"]}: {detail.Value} {detail.VariationKey} {payload}, expected {expected.ToJsonString()}");
            }
        }

        output.WriteLine($"{compared} cases compared");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>An Unleash context as an OpenFeature context (docs/migration.md#contexts-1): userId is the targeting key, properties are attributes.</summary>
    private static EvaluationContext Context(JsonObject unleash)
    {
        var context = new JsonObject();
        foreach (var (name, value) in unleash)
        {
            if (name == "properties" && value is JsonObject properties)
            {
                foreach (var (property, propertyValue) in properties)
                {
                    context[property] = propertyValue?.DeepClone();
                }
            }
            else if (name == "userId" && value is JsonValue user && user.TryGetValue<string>(out var id) && id.Length > 0)
            {
                context["targetingKey"] = id;
            }
            else
            {
                context[name] = value?.DeepClone();
            }
        }

        using var document = JsonDocument.Parse(context.ToJsonString());
        return EvaluationContext.FromJson(document.RootElement);
    }
}
