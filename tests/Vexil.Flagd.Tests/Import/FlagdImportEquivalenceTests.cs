using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Flagd.Import;
using Vexil.Flagd.Tests.Conformance;

namespace Vexil.Flagd.Tests.Import;

/// <summary>
/// The proof of the import: for every importable flag of the flagd testbed and many random contexts, the native flag
/// evaluates exactly as Vexil.Flagd evaluates the original (value, variant, reason; SPLIT counts as flagd's
/// TARGETING_MATCH). Contexts draw each attribute the flag reads from its constants, variations of them, other
/// values of the same type, and absence (the documented limits of docs/flagd.md, such as numbers spelled
/// differently in text, are outside what they draw).
/// </summary>
public sealed class FlagdImportEquivalenceTests
{
    private const int ContextsPerFlag = 400;

    public static TheoryData<string> Files() => [.. FileNames()];

    private static IEnumerable<string> FileNames() =>
        Directory.GetFiles(Path.Combine(Testbed.Root, "flags"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Testbed.Root, f))
            .Append("evaluator/flags/testkit-flags.json");

    [Theory]
    [MemberData(nameof(Files))]
    public void ImportedFlags_EvaluateAsFlagdDoes_ForRandomContexts(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Testbed.Root, file));
        var import = FlagdImporter.Translate(bytes);
        var native = RulesetCompiler.Compile(new RulesetDefinition("testbed", 1, import.Flags, []));
        Assert.True(native.IsValid, string.Join("; ", native.Errors));
        var flagd = FlagdCompiler.Compile(bytes, new FlagdCompileOptions { TimeProvider = new FixedTimeProvider(Testbed.Now) }).Ruleset!;
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });

        var random = new Random(file.Length * 7919);
        foreach (var flag in import.Flags)
        {
            var constants = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
            Collect(FlagJson(document.RootElement, flag.Key), document.RootElement, constants, null, 0);
            for (var i = 0; i < ContextsPerFlag; i++)
            {
                var json = RandomContext(random, constants);
                var context = EvaluationContext.FromJson(JsonDocument.Parse(json).RootElement);
                var expected = flagd.Evaluate(flag.Key, context);
                var actual = native.Ruleset!.Evaluate(flag.Key, context);

                var where = $"{file} {flag.Key} {json}";
                Assert.True(expected.VariationKey == actual.VariationKey, $"{where}: variant {expected.VariationKey} vs {actual.VariationKey}");
                Assert.True(Same(expected.Reason, actual.Reason), $"{where}: reason {expected.Reason} vs {actual.Reason}");
                Assert.Equal(expected.ErrorCode, actual.ErrorCode);
                Assert.Equal(expected.Variation?.Value.ToString(), actual.Variation?.Value.ToString());
            }
        }
    }

    [Fact]
    public void Testbed_MostFlagsImport_AndTheInexpressibleAreRefused()
    {
        var imported = new List<string>();
        var refused = new List<string>();
        foreach (var file in FileNames())
        {
            var import = FlagdImporter.Translate(File.ReadAllBytes(Path.Combine(Testbed.Root, file)));
            imported.AddRange(import.Flags.Select(f => f.Key));
            refused.AddRange(import.RefusedFlags);
        }

        Assert.True(imported.Count >= 40, $"only {imported.Count} imported; refused: {string.Join(", ", refused)}");
        Assert.Contains("fractional-flag", imported);
        Assert.Contains("some-email-targeted-flag", imported);
        Assert.Contains("equal-greater-lesser-version-flag", imported);
        Assert.Contains("timestamp-flag", refused);
        Assert.Contains("undefined-default-flag", refused);
        Assert.Contains("error-targeting-flag", refused);
    }

    private static bool Same(EvaluationReason flagd, EvaluationReason native) =>
        flagd == native || (flagd == EvaluationReason.TargetingMatch && native == EvaluationReason.Split);

    private static JsonElement FlagJson(JsonElement root, string key) => root.GetProperty("flags").GetProperty(key);

    /// <summary>Every attribute the expression reads, with the constants it is compared to.</summary>
    private static void Collect(JsonElement node, JsonElement root, Dictionary<string, List<JsonNode?>> constants, string? attribute, int depth)
    {
        if (depth > 40)
        {
            return;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name == "var")
                    {
                        var name = property.Value.ValueKind == JsonValueKind.Array ? property.Value[0].GetString()! : property.Value.GetString()!;
                        if (!constants.ContainsKey(name))
                        {
                            constants[name] = [];
                        }

                        continue;
                    }

                    if (property.Name == "$ref" && root.TryGetProperty("$evaluators", out var evaluators) && evaluators.TryGetProperty(property.Value.GetString()!, out var evaluator))
                    {
                        Collect(evaluator, root, constants, null, depth + 1);
                        continue;
                    }

                    var args = property.Value.ValueKind == JsonValueKind.Array ? [.. property.Value.EnumerateArray()] : new[] { property.Value };
                    var read = args.Select(VarOf).FirstOrDefault(v => v is not null);
                    if (read is not null && !constants.ContainsKey(read))
                    {
                        constants[read] = [];
                    }

                    foreach (var arg in args)
                    {
                        Collect(arg, root, constants, read, depth + 1);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    Collect(item, root, constants, attribute, depth + 1);
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when attribute is not null:
                constants[attribute].Add(JsonNode.Parse(node.GetRawText()));
                break;
        }
    }

    private static string? VarOf(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("var", out var v)
            ? (v.ValueKind == JsonValueKind.Array ? v[0].GetString() : v.GetString())
            : null;

    private static string RandomContext(Random random, Dictionary<string, List<JsonNode?>> constants)
    {
        var context = new JsonObject();
        if (random.Next(5) > 0)
        {
            var keys = constants.TryGetValue("targetingKey", out var known) ? known.Where(k => k!.GetValueKind() == JsonValueKind.String).ToList() : [];
            context["targetingKey"] = random.Next(3) == 0 && keys.Count > 0
                ? keys[random.Next(keys.Count)]!.DeepClone()
                : $"user-{random.Next(100_000)}";
        }

        foreach (var (name, values) in constants)
        {
            if (name == "targetingKey" || name.StartsWith('$') || random.Next(5) == 0)
            {
                continue;
            }

            var value = RandomValue(random, values);
            var path = name.Split('.');
            var parent = context;
            for (var i = 0; i < path.Length - 1; i++)
            {
                parent = parent[path[i]] as JsonObject ?? (JsonObject)(parent[path[i]] = new JsonObject());
            }

            parent[path[^1]] = value;
        }

        return context.ToJsonString();
    }

    private static JsonNode? RandomValue(Random random, List<JsonNode?> constants)
    {
        if (constants.Count == 0)
        {
            return $"value-{random.Next(10_000)}";
        }

        var constant = constants[random.Next(constants.Count)]!;
        if (random.Next(2) == 0)
        {
            return constant.DeepClone();
        }

        switch (constant.GetValueKind())
        {
            case JsonValueKind.Number:
                return constant.GetValue<double>() + random.Next(-2, 3);
            case JsonValueKind.True or JsonValueKind.False:
                return random.Next(2) == 0;
            default:
                var text = constant.GetValue<string>();
                if (LooksLikeVersion(text))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{random.Next(4)}.{random.Next(3)}.{random.Next(3)}");
                }

                return random.Next(4) switch
                {
                    0 => "x" + text,
                    1 => text + "x",
                    2 => text.Length > 1 ? text[1..] : string.Empty,
                    _ => $"other-{random.Next(100)}",
                };
        }
    }

    private static bool LooksLikeVersion(string text) =>
        text.Count(c => c == '.') == 2 && text.TrimStart('v').Split('.')[0].All(char.IsAsciiDigit);
}
