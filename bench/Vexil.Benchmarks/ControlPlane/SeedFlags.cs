using System.Globalization;
using System.Text.Json;
using Vexil.Server.Flags;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// The flags the control-plane benchmarks seed: boolean flags shaped like real ones (tags, three individual targets,
/// a two-clause rule, a percentage rollout, every tenth flag a prerequisite on the one before), about 750 bytes each
/// in the native format.
/// </summary>
internal static class SeedFlags
{
    private static readonly JsonElement Variations = Parse("""[{"key":"on","value":true},{"key":"off","value":false}]""");
    private static readonly JsonElement NoPrerequisites = Parse("[]");
    private static readonly JsonElement Fallthrough = Parse("""{"variation":"off"}""");
    private static readonly JsonElement Rules = Parse(
        """
        [
          {"id":"staff","clauses":[
            {"attribute":"email","operator":"endsWith","values":["@example.com"]},
            {"attribute":"org.plan","operator":"in","values":["enterprise","team"]}],
           "serve":{"variation":"on"}},
          {"id":"europe","clauses":[{"attribute":"country","operator":"in","values":["DE","FR","NL","SE"]}],
           "serve":{"rollout":{"bucketBy":"targetingKey","weights":[{"variation":"on","weight":25000},{"variation":"off","weight":75000}]}}}
        ]
        """);

    public static string Key(int index) => string.Create(CultureInfo.InvariantCulture, $"flag-{index:D5}");

    public static FlagDefinitionData Definition(int index) =>
        new(
            Key(index),
            "boolean",
            string.Create(CultureInfo.InvariantCulture, $"Flag {index}"),
            "Seeded for the control-plane benchmarks",
            ["bench", string.Create(CultureInfo.InvariantCulture, $"team-{index % 20}")],
            index % 3 == 0 ? "permanent" : "temporary",
            Variations);

    public static FlagConfigData Config(int index)
    {
        var prerequisites = index % 10 == 9
            ? Parse(string.Create(CultureInfo.InvariantCulture, $$"""[{"flag":"{{Key(index - 1)}}","variation":"on"}]"""))
            : NoPrerequisites;
        var targets = Parse(string.Create(CultureInfo.InvariantCulture, $$"""[{"variation":"on","values":["user-{{index}}-a","user-{{index}}-b","user-{{index}}-c"]}]"""));
        return new FlagConfigData(index % 2 == 0, "off", null, prerequisites, targets, Rules, Fallthrough);
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
