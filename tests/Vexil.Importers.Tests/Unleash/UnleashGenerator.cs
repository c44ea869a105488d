using System.Text.Json.Nodes;

namespace Vexil.Importers.Tests.Unleash;

/// <summary>
/// Random Unleash features and OpenFeature contexts from one seed: every strategy the importer translates, every
/// constraint operator with inverted and caseInsensitive, stickiness default, userId, sessionId, random and custom
/// fields, strategy and feature variants with payloads and overrides, segments and dependencies, non-ASCII values,
/// missing and wrongly typed attributes.
/// </summary>
internal sealed class UnleashGenerator(int seed)
{
    private static readonly string[] Keys = ["user-1", "user-2", "ключ-3", "鍵-4", "ü5", "a", "Z", "0", "17"];
    private static readonly string[] Texts = ["pro", "free", "Pro", "Ünïcödé", "ÜNÏ", "鍵", "a@example.com", "1.2.3", "2.0.0-rc.1", "v1.0.0", "10", "18.5", "-3", "0x1F", "", " 7 ", "10.1.2.3", "192.168.1.7", "2001:db8::1", "2024-01-01T00:00:00Z", "Σίσυφος", "İstanbul"];
    private static readonly string[] Fields = ["userId", "sessionId", "remoteAddress", "environment", "appName", "plan", "age", "version", "email", "country", "é-prop", "user.plan"];
    private static readonly string[] Ops = ["IN", "NOT_IN", "STR_ENDS_WITH", "STR_STARTS_WITH", "STR_CONTAINS", "NUM_EQ", "NUM_GT", "NUM_GTE", "NUM_LT", "NUM_LTE", "DATE_AFTER", "DATE_BEFORE", "SEMVER_EQ", "SEMVER_GT", "SEMVER_LT", "SEMVER_GTE", "SEMVER_LTE", "REGEX", "IN_CIDR"];
    private readonly Random _random = new(seed);

    public JsonObject FeatureSet(int count, out List<string> names)
    {
        var segments = new JsonArray();
        for (var i = 0; i < 3; i++)
        {
            segments.Add(new JsonObject { ["id"] = i + 1, ["name"] = "segment-" + i, ["constraints"] = new JsonArray(Constraint(), Constraint()) });
        }

        var features = new JsonArray();
        names = [];
        var independent = new List<(string Name, List<string> Variants)>();
        for (var i = 0; i < count; i++)
        {
            var name = "feature-" + i;
            var (feature, variants) = Feature(name, independent);
            features.Add(feature);
            names.Add(name);
            if (feature["dependencies"] is null)
            {
                independent.Add((name, variants));
            }
        }

        return new JsonObject { ["version"] = 2, ["features"] = features, ["segments"] = segments };
    }

    public JsonObject Context()
    {
        var context = new JsonObject();
        if (_random.Next(5) != 0)
        {
            context["targetingKey"] = Pick(Keys);
        }

        foreach (var field in Fields)
        {
            if (_random.Next(3) == 0)
            {
                continue;
            }

            context[field] = field switch
            {
                "remoteAddress" when _random.Next(3) != 0 => Pick(["10.1.2.3", "10.200.0.1", "192.168.1.7", "192.168.2.1", "2001:db8::1", "::1", "not-an-ip", "010.1.2.3"]),
                "age" when _random.Next(2) == 0 => _random.Next(-5, 80),
                _ => Value(),
            };
        }

        if (_random.Next(3) == 0)
        {
            context["currentTime"] = _random.Next(3) switch { 0 => "2025-06-01T12:00:00Z", 1 => "2019-01-01T00:00:00Z", _ => 1700000000000 };
        }

        return context;
    }

    private JsonNode? Value() => _random.Next(12) switch
    {
        0 => _random.Next(-5, 40),
        1 => _random.NextDouble() * 30,
        2 => _random.Next(2) == 0,
        3 => null,
        4 => new JsonArray(Pick(Texts)),
        5 => new JsonObject { ["x"] = 1 },
        6 => 0,
        7 => Pick(Keys),
        _ => Pick(Texts),
    };

    private (JsonObject Feature, List<string> Variants) Feature(string name, List<(string Name, List<string> Variants)> parents)
    {
        var strategies = new JsonArray();
        var deterministic = true;
        for (var i = 0; i < _random.Next(0, 4); i++)
        {
            var (strategy, random) = Strategy(name);
            deterministic &= !random;
            strategies.Add(strategy);
        }

        var variantNames = new List<string>();
        var feature = new JsonObject { ["name"] = name, ["type"] = "release", ["enabled"] = _random.Next(6) != 0, ["stale"] = false, ["strategies"] = strategies, ["impressionData"] = false };
        if (_random.Next(2) == 0)
        {
            feature["variants"] = Variants("fv", variantNames, overrides: deterministic && _random.Next(2) == 0, stickiness: Pick(["default", "userId", "sessionId", "plan", "random"]));
        }

        if (parents.Count > 0 && _random.Next(4) == 0)
        {
            var (parent, parentVariants) = parents[_random.Next(parents.Count)];
            var dependency = new JsonObject { ["feature"] = parent };
            if (_random.Next(3) == 0)
            {
                dependency["enabled"] = false;
            }
            else if (parentVariants.Count > 0 && _random.Next(2) == 0)
            {
                dependency["variants"] = new JsonArray(Pick([.. parentVariants, "disabled"]));
            }

            feature["dependencies"] = new JsonArray(dependency);
        }

        return (feature, variantNames);
    }

    private (JsonObject Strategy, bool Random) Strategy(string feature)
    {
        var kind = Pick(["default", "flexibleRollout", "flexibleRollout", "flexibleRollout", "gradualRolloutUserId", "gradualRolloutSessionId", "gradualRolloutRandom", "userWithId", "remoteAddress"]);
        var parameters = new JsonObject();
        var random = false;
        switch (kind)
        {
            case "flexibleRollout":
                var stickiness = Pick(["default", "userId", "sessionId", "plan", "random", "email"]);
                var rollout = Pick(["0", "10", "33", "50", "99", "100", "33.7"]);
                parameters["rollout"] = _random.Next(4) == 0 ? int.Parse(rollout.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) : rollout;
                parameters["stickiness"] = stickiness;
                parameters["groupId"] = Pick([feature, "", "group-é"]);
                random = stickiness is "default" or "random";
                break;
            case "gradualRolloutUserId" or "gradualRolloutSessionId":
                parameters["percentage"] = Pick(["0", "25", "100"]);
                parameters["groupId"] = feature;
                break;
            case "gradualRolloutRandom":
                parameters["percentage"] = Pick(["0", "40", "100"]);
                random = true;
                break;
            case "userWithId":
                parameters["userIds"] = string.Join(Pick([",", ", ", " , "]), Keys.Where(_ => _random.Next(3) == 0));
                break;
            case "remoteAddress":
                parameters["IPs"] = Pick(["10.0.0.0/8, 192.168.1.7", "192.168.1.0/24", "2001:db8::1", "10.1.2.3"]);
                break;
        }

        var constraints = new JsonArray();
        for (var i = 0; i < _random.Next(0, 3); i++)
        {
            constraints.Add(Constraint());
        }

        var strategy = new JsonObject { ["name"] = kind, ["parameters"] = parameters, ["constraints"] = constraints };
        if (_random.Next(4) == 0)
        {
            strategy["segments"] = new JsonArray(_random.Next(1, 4));
        }

        if (_random.Next(3) == 0)
        {
            strategy["variants"] = Variants("sv" + _random.Next(1000), [], overrides: false, stickiness: Pick(["default", "userId", "plan"]));
        }

        return (strategy, random);
    }

    private JsonArray Variants(string prefix, List<string> names, bool overrides, string stickiness)
    {
        var count = _random.Next(1, 4);
        var total = Pick([1000, 1000, 100, 4]);
        var variants = new JsonArray();
        var left = total;
        for (var i = 0; i < count; i++)
        {
            var weight = i == count - 1 ? left : _random.Next(0, left + 1);
            left -= weight;
            var name = prefix + "-" + i;
            names.Add(name);
            var variant = new JsonObject { ["name"] = name, ["weight"] = weight, ["weightType"] = "variable", ["stickiness"] = stickiness };
            if (_random.Next(3) != 0)
            {
                variant["payload"] = _random.Next(3) switch
                {
                    0 => new JsonObject { ["type"] = "string", ["value"] = "text-" + i + "-é" },
                    1 => new JsonObject { ["type"] = "json", ["value"] = "{\"n\":" + i + "}" },
                    _ => new JsonObject { ["type"] = "number", ["value"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                };
            }

            if (overrides && _random.Next(2) == 0)
            {
                variant["overrides"] = new JsonArray(new JsonObject { ["contextName"] = Pick(["userId", "plan", "email"]), ["values"] = new JsonArray(Pick(Keys), Pick(Texts)) });
            }

            variants.Add(variant);
        }

        return variants;
    }

    private JsonObject Constraint()
    {
        var op = Pick(Ops);
        var constraint = new JsonObject { ["contextName"] = Pick(Fields), ["operator"] = op, ["inverted"] = _random.Next(4) == 0, ["caseInsensitive"] = _random.Next(3) == 0 };
        switch (op)
        {
            case "IN" or "NOT_IN" or "STR_ENDS_WITH" or "STR_STARTS_WITH" or "STR_CONTAINS":
                constraint["values"] = new JsonArray(Pick(Texts), Pick(Keys), Pick(["pr", "ü", "ÜN", "com", "İ", "σ", " pro "]));
                break;
            case "IN_CIDR":
                constraint["values"] = new JsonArray(Pick(["10.0.0.0/8", "192.168.1.0/24", "192.168.1.7", "2001:db8::/32", "bad"]));
                break;
            case "NUM_EQ" or "NUM_GT" or "NUM_GTE" or "NUM_LT" or "NUM_LTE":
                constraint["value"] = Pick(["10", "18.5", "-3", "0", "abc"]);
                break;
            case "DATE_AFTER" or "DATE_BEFORE":
                constraint["contextName"] = "currentTime";
                constraint["value"] = Pick(["2024-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z", "2020-06-01T12:00:00+02:00"]);
                break;
            case "REGEX":
                var pattern = Pick(["^pro", "[0-9]+", "^a.*com$", "é", "^(free|pro)$", "Ü.+", "^[a-z]+$", "K"]);
                constraint["value"] = pattern;
                if (pattern.Any(c => c > 127))
                {
                    // Case folding of non-ASCII letters in a pattern is refused (docs/migration.md).
                    constraint["caseInsensitive"] = false;
                }

                break;
            default:
                constraint["value"] = Pick(["1.2.3", "2.0.0-rc.1", "1.0.0", "v1.2.3", "2.0.0-rc.2"]);
                break;
        }

        return constraint;
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
