using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>
/// Random clauses of every operator (the vendors' too, <see cref="VendorGenerator"/>), with values the contexts of
/// <see cref="ContextPool"/> match sometimes.
/// </summary>
internal static class ClauseGenerator
{
    private static readonly string[] Attributes = ["targetingKey", "country", "plan", "email", "age", "appVersion", "signup", "ip", "beta", "org.plan"];

    private static readonly string[] Operators =
    [
        "in", "notIn", "startsWith", "endsWith", "contains", "startsWithIgnoreCase", "endsWithIgnoreCase", "containsIgnoreCase",
        "matches", "lt", "lte", "gt", "gte", "semVerEq", "semVerLt", "semVerLte", "semVerGt", "semVerGte", "before", "after", "ipInCidr",
    ];

    private static readonly JsonElement[] InValues = [JsonValues.Of("NL"), JsonValues.Of("DE"), JsonValues.Of("pro"), JsonValues.Of("u1"), JsonValues.Of("vip"), JsonValues.Of(30.5), JsonValues.Of(18), JsonValues.Of(true), JsonValues.Of(false)];
    private static readonly JsonElement[] Substrings = [JsonValues.Of("a"), JsonValues.Of("@example.com"), JsonValues.Of("Pro"), JsonValues.Of("nl"), JsonValues.Of("u")];
    private static readonly JsonElement[] Patterns = [JsonValues.Of("^[a-z]+@example\\.com$"), JsonValues.Of("pro|free"), JsonValues.Of("^u"), JsonValues.Of("(?i)^NL$")];
    private static readonly JsonElement[] Numbers = [JsonValues.Of(0), JsonValues.Of(18), JsonValues.Of(30.5), JsonValues.Of(100), JsonValues.Of(-1e9)];
    private static readonly JsonElement[] Versions = [JsonValues.Of("1.0.0"), JsonValues.Of("2.3.0-rc.1"), JsonValues.Of("2.4.1"), JsonValues.Of("2.4.1+build.7")];
    private static readonly JsonElement[] Dates = [JsonValues.Of("2024-01-01T00:00:00Z"), JsonValues.Of(1700000000000), JsonValues.Of("2024-06-01T02:00:00+02:00")];
    private static readonly JsonElement[] Cidrs = [JsonValues.Of("10.0.0.0/8"), JsonValues.Of("192.168.1.0/24"), JsonValues.Of("2001:db8::/32"), JsonValues.Of("10.1.2.3/32")];

    /// <summary>A valid clause; <c>segmentMatch</c> only when segment keys are given.</summary>
    public static ClauseDefinition Clause(Choices c, IReadOnlyList<string>? segments)
    {
        if (segments is { Count: > 0 } && c.Chance(25))
        {
            return new ClauseDefinition("targetingKey", "segmentMatch", [.. c.Some(segments, 2).DefaultIfEmpty(segments[0]).Select(JsonValues.Of)], c.Chance(20));
        }

        if (c.Chance(12))
        {
            return VendorGenerator.KindedClause(c);
        }

        if (c.Chance(10))
        {
            return VendorGenerator.UnleashClause(c);
        }

        var op = c.Pick(Operators);
        var pool = op switch
        {
            "in" or "notIn" => InValues,
            "matches" => Patterns,
            "lt" or "lte" or "gt" or "gte" => Numbers,
            "before" or "after" => Dates,
            "ipInCidr" => Cidrs,
            _ when op.StartsWith("semVer", StringComparison.Ordinal) => Versions,
            _ => Substrings,
        };
        var values = c.Some(pool, 3);
        if (values.Count == 0)
        {
            values.Add(pool[0]);
        }

        return new ClauseDefinition(c.Pick(Attributes), op, values, c.Chance(20));
    }

    /// <summary>A clause that does not compile, each way a clause can fail.</summary>
    public static ClauseDefinition Broken(Choices c) => c.Next(8) switch
    {
        6 or 7 => VendorGenerator.Broken(c),
        0 => new ClauseDefinition("plan", "gte2", [JsonValues.Of(1)]),
        1 => new ClauseDefinition("appVersion", "semVerGt", [JsonValues.Of("1.2")]),
        2 => new ClauseDefinition("ip", "ipInCidr", [JsonValues.Of("10.0.0.0/33")]),
        3 => new ClauseDefinition("age", "lt", [JsonValues.Of("x")]),
        4 => new ClauseDefinition("plan", "in", []),
        _ => new ClauseDefinition("targetingKey", "segmentMatch", [JsonValues.Of("no-such-segment")]),
    };
}
