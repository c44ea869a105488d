using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>
/// The parts of definitions that imports from LaunchDarkly and Unleash bring: clauses of a context kind, the
/// <c>ld:</c> and <c>unleash:</c> operators, rule and segment-rule percentages, <c>launchdarkly-v1</c> and
/// <c>unleash-variant-v1</c> rollouts, kinded targets and segment contexts, any-of prerequisites, variation metadata;
/// and the ways each can be broken. Only deterministic choices: no random stickiness (every context of
/// <see cref="ContextPool"/> has a <c>sessionId</c>, so Unleash's <c>default</c> never falls back to a random draw),
/// and dates far from now.
/// </summary>
internal static class VendorGenerator
{
    public static readonly string[] Kinds = ["user", "org", "device"];

    private static readonly string[] KindedAttributes = ["key", "email", "plan", "/address/city", "kind", "name", "country"];

    private static readonly string[] KindedOperators =
    [
        "in", "startsWith", "endsWith", "contains", "lt", "lte", "gt", "gte",
        "ld:matches", "ld:before", "ld:after", "ld:semVerEqual", "ld:semVerLessThan", "ld:semVerGreaterThan",
    ];

    private static readonly string[] UnleashOperators =
    [
        "unleash:IN", "unleash:NOT_IN", "unleash:STR_STARTS_WITH", "unleash:STR_ENDS_WITH", "unleash:STR_CONTAINS",
        "unleash:NUM_EQ", "unleash:NUM_GT", "unleash:NUM_GTE", "unleash:NUM_LT", "unleash:NUM_LTE",
        "unleash:DATE_AFTER", "unleash:DATE_BEFORE", "unleash:SEMVER_EQ", "unleash:SEMVER_GT", "unleash:SEMVER_GTE",
        "unleash:SEMVER_LT", "unleash:SEMVER_LTE", "unleash:REGEX", "unleash:IN_CIDR", "unleash:USER_WITH_ID", "unleash:REMOTE_ADDRESS",
    ];

    private static readonly string[] UnleashFields = ["userId", "appName", "remoteAddress", "plan", "country", "currentTime", "age", "sessionId"];

    private static readonly JsonElement[] KindedStrings = [JsonValues.Of("acme"), JsonValues.Of("u1"), JsonValues.Of("org"), JsonValues.Of("pro"), JsonValues.Of("ann@example.com"), JsonValues.Of("Utrecht"), JsonValues.Of("a")];
    private static readonly JsonElement[] KindedNumbers = [JsonValues.Of(0), JsonValues.Of(18), JsonValues.Of(30.5)];
    private static readonly JsonElement[] LaunchDarklyPatterns = [JsonValues.Of("^a"), JsonValues.Of("example\\.com$"), JsonValues.Of("p[a-z]o")];
    private static readonly JsonElement[] LaunchDarklyDates = [JsonValues.Of(1_700_000_000_000), JsonValues.Of("2024-01-01T00:00:00Z")];
    private static readonly JsonElement[] LaunchDarklyVersions = [JsonValues.Of("1.0.0"), JsonValues.Of("2.4"), JsonValues.Of("2.4.1-rc.1")];
    private static readonly JsonElement[] UnleashStrings = [JsonValues.Of("u1"), JsonValues.Of("web"), JsonValues.Of("WEB-shop"), JsonValues.Of("10.1.2.3"), JsonValues.Of("pro"), JsonValues.Of("NL")];
    private static readonly JsonElement[] UnleashNumbers = [JsonValues.Of(18), JsonValues.Of("30.5"), JsonValues.Of(0)];
    private static readonly JsonElement[] UnleashDates = [JsonValues.Of("2000-01-01T00:00:00Z"), JsonValues.Of("2100-01-01T00:00:00.000Z")];
    private static readonly JsonElement[] UnleashVersions = [JsonValues.Of("1.0.0"), JsonValues.Of("2.4.1"), JsonValues.Of("2.3.0-rc.1")];
    private static readonly JsonElement[] UnleashPatterns = [JsonValues.Of("^u"), JsonValues.Of("web"), JsonValues.Of("[0-9]+\\.")];
    private static readonly JsonElement[] UnleashCidrs = [JsonValues.Of("10.0.0.0/8"), JsonValues.Of("192.168.1.0/24"), JsonValues.Of("2001:db8::/32")];

    /// <summary>A valid clause on an attribute of a context of a kind (LaunchDarkly's attribute references and operators).</summary>
    public static ClauseDefinition KindedClause(Choices c)
    {
        var op = c.Pick(KindedOperators);
        var pool = op switch
        {
            "lt" or "lte" or "gt" or "gte" => KindedNumbers,
            "ld:matches" => LaunchDarklyPatterns,
            "ld:before" or "ld:after" => LaunchDarklyDates,
            _ when op.StartsWith("ld:semVer", StringComparison.Ordinal) => LaunchDarklyVersions,
            _ => KindedStrings,
        };
        return new ClauseDefinition(c.Pick(KindedAttributes), op, AtLeastOne(c, pool, 3), c.Chance(20), c.Pick(Kinds));
    }

    /// <summary>A valid Unleash constraint.</summary>
    public static ClauseDefinition UnleashClause(Choices c)
    {
        var op = c.Pick(UnleashOperators);
        var (pool, single) = op switch
        {
            _ when op.StartsWith("unleash:NUM_", StringComparison.Ordinal) => (UnleashNumbers, true),
            "unleash:DATE_AFTER" or "unleash:DATE_BEFORE" => (UnleashDates, true),
            _ when op.StartsWith("unleash:SEMVER_", StringComparison.Ordinal) => (UnleashVersions, true),
            "unleash:REGEX" => (UnleashPatterns, true),
            "unleash:IN_CIDR" => (UnleashCidrs, false),
            _ => (UnleashStrings, false),
        };
        var values = single ? [c.Pick(pool)] : AtLeastOne(c, pool, 3);
        var caseInsensitive = op is "unleash:STR_STARTS_WITH" or "unleash:STR_ENDS_WITH" or "unleash:STR_CONTAINS" or "unleash:REGEX" && c.Chance(40);
        return new ClauseDefinition(c.Pick(UnleashFields), op, values, c.Chance(20), CaseInsensitive: caseInsensitive);
    }

    /// <summary>A clause of a vendor that does not compile, each way it can fail.</summary>
    public static ClauseDefinition Broken(Choices c) => c.Next(4) switch
    {
        0 => new ClauseDefinition("email", "matches", [JsonValues.Of("^a")], ContextKind: "user"),
        1 => new ClauseDefinition("email", "ld:matches", [JsonValues.Of("^a")]),
        2 => new ClauseDefinition("age", "unleash:NUM_EQ", [JsonValues.Of(1), JsonValues.Of(2)]),
        _ => new ClauseDefinition("plan", "unleash:NOPE", [JsonValues.Of("x")]),
    };

    /// <summary>A rule's or a segment rule's percentage, of either algorithm, deterministic.</summary>
    public static PercentageDefinition Percentage(Choices c)
    {
        var weight = c.Pick(new[] { 0, 25_000, 50_000, 99_999, 100_000 });
        return c.Chance(50)
            ? new PercentageDefinition(weight, "launchdarkly-v1", c.Pick(new[] { "key", "email", "/address/city" }), c.Chance(50) ? c.Pick(Kinds) : null, c.Chance(30) ? "percent-salt" : null)
            : new PercentageDefinition(weight, "unleash-v1", Salt: c.Chance(50) ? "group-1" : null, Stickiness: c.Pick(new[] { "default", "$userId", "$sessionId", "plan", "country" }));
    }

    /// <summary>A percentage that does not compile.</summary>
    public static PercentageDefinition BrokenPercentage(Choices c) => c.Chance(50)
        ? new PercentageDefinition(10_000, "vexil-v1")
        : new PercentageDefinition(10_000, "unleash-v1");

    /// <summary>A <c>launchdarkly-v1</c> or <c>unleash-variant-v1</c> rollout over the weights.</summary>
    public static RolloutDefinition Rollout(Choices c, List<WeightDefinition> weights) => c.Chance(50)
        ? new RolloutDefinition(weights, c.Pick(new[] { "key", "email", "/address/city" }), "launchdarkly-v1", c.Chance(40) ? c.Pick(Kinds) : null, c.Chance(40) ? "seed-7" : null)
        : new RolloutDefinition(weights, "targetingKey", "unleash-variant-v1", Salt: c.Chance(40) ? "group-1" : null, Stickiness: c.Pick(new[] { "default", "sessionId" }), BucketCount: c.Pick(new[] { 1_000, 737, 100_000 }));

    /// <summary>Keys of contexts of a kind (a flag's targets with their variation, or a segment's contexts with none).</summary>
    public static TargetDefinition KindedTarget(Choices c, string variation) =>
        new(variation, c.Some(ContextPool.KindedKeys, 2).DefaultIfEmpty(ContextPool.KindedKeys[0]).ToList(), c.Pick(Kinds));

    /// <summary>Up to two entries of a segment's <c>includedContexts</c> or <c>excludedContexts</c>.</summary>
    public static List<TargetDefinition> SegmentContexts(Choices c)
    {
        var result = new List<TargetDefinition>();
        var count = c.Chance(25) ? 1 + c.Next(2) : 0;
        for (var i = 0; i < count; i++)
        {
            result.Add(KindedTarget(c, string.Empty));
        }

        return result;
    }

    /// <summary>Metadata of a variation (Unleash's payload), sometimes.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? Metadata(Choices c, int variation) => c.Chance(10)
        ? new Dictionary<string, JsonElement> { ["payload"] = JsonValues.Of("p" + variation), ["payloadType"] = JsonValues.Of("string"), ["weight"] = JsonValues.Of(variation) }
        : null;

    /// <summary>An any-of prerequisite on one of <paramref name="variations"/> (sometimes none: never met).</summary>
    public static PrerequisiteDefinition AnyOf(Choices c, string flag, IReadOnlyList<string> variations)
    {
        var list = c.Some(variations, 3);
        return new PrerequisiteDefinition(flag, list.Count > 0 ? list[0] : string.Empty, list);
    }

    private static List<JsonElement> AtLeastOne(Choices c, JsonElement[] pool, int max)
    {
        var values = c.Some(pool, max);
        if (values.Count == 0)
        {
            values.Add(pool[0]);
        }

        return values;
    }
}
