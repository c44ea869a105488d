using System.Globalization;
using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// The flags the control-plane benchmarks seed: boolean flags shaped like real ones (tags, three individual targets,
/// a two-clause rule, a percentage rollout, every tenth flag a prerequisite on the one before), about 750 bytes each
/// in the native format.
/// </summary>
internal static class SeedFlags
{
    private static readonly VariationDefinition[] Variations = [new("on", Json("true")), new("off", Json("false"))];

    private static readonly RuleDefinition[] Rules =
    [
        new("staff", [new("email", "endsWith", [Json("\"@example.com\"")]), new("org.plan", "in", [Json("\"enterprise\""), Json("\"team\"")])], ServeDefinition.Of("on")),
        new("europe", [new("country", "in", [Json("\"DE\""), Json("\"FR\""), Json("\"NL\""), Json("\"SE\"")])], new ServeDefinition(null, new RolloutDefinition([new("on", 25_000), new("off", 75_000)]))),
    ];

    public static string Key(int index) => string.Create(CultureInfo.InvariantCulture, $"flag-{index:D5}");

    public static FlagDefinition Flag(int index) => new()
    {
        Key = Key(index),
        Type = FlagValueType.Boolean,
        Description = "Seeded for the control-plane benchmarks",
        Tags = ["bench", string.Create(CultureInfo.InvariantCulture, $"team-{index % 20}")],
        Lifetime = index % 3 == 0 ? FlagLifetime.Permanent : FlagLifetime.Temporary,
        Variations = Variations,
        Enabled = index % 2 == 0,
        OffVariation = "off",
        Prerequisites = index % 10 == 9 ? [new PrerequisiteDefinition(Key(index - 1), "on")] : [],
        Targets = [new TargetDefinition("on", [.. new[] { "a", "b", "c" }.Select(s => string.Create(CultureInfo.InvariantCulture, $"user-{index}-{s}"))])],
        Rules = Rules,
        Fallthrough = ServeDefinition.Of("off"),
    };

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
