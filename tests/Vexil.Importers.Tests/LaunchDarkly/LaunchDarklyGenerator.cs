using System.Text.Json.Nodes;

namespace Vexil.Importers.Tests.LaunchDarkly;

/// <summary>
/// Random LaunchDarkly flag sets and OpenFeature contexts from one seed: every operator, targets and context targets,
/// rollouts and experiments with seeds and bucketBy on custom attributes and other kinds, prerequisites, segments
/// with weighted rules, non-ASCII keys and values, missing and wrongly typed attributes, multi-kind and invalid contexts.
/// </summary>
internal sealed class LaunchDarklyGenerator(int seed)
{
    private static readonly string[] Keys = ["user-1", "user-2", "ключ-3", "鍵-4", "ü5", "org-1", "org-2", "a", "Z", "0"];
    private static readonly string[] Strings = ["", "a@example.com", "b@EXAMPLE.com", "Ünïcödé", "鍵", "pro", "free", "1.2.3", "1.2", "2.0.0-rc.1", "v1.0.0", "2024-01-01T00:00:00Z", "2020-06-01T12:00:00.5+02:00", "abc", "x-y_z", " 1.0.0"];
    private static readonly string[] Patterns = ["^a", "com$", "[0-9]+", "^[a-z]+@", "x.y", "^(pro|free)$", "é", "\\.", "a|b", "^.{3}$"];
    private static readonly string[] Attributes = ["email", "plan", "age", "version", "signup", "name", "anonymous", "country", "tags", "key", "/nested/city", "kind", "é-attr"];
    private static readonly string[] Ops = ["in", "startsWith", "endsWith", "contains", "matches", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual", "before", "after", "semVerEqual", "semVerLessThan", "semVerGreaterThan", "segmentMatch"];
    private readonly Random _random = new(seed);

    public JsonObject FlagSet(int flags, out List<(string Key, string Type)> keys)
    {
        var segments = new JsonObject();
        var segmentKeys = new List<string>();
        for (var i = 0; i < _random.Next(0, 3); i++)
        {
            var key = "seg-" + i;
            segmentKeys.Add(key);
            segments[key] = Segment(key);
        }

        var result = new JsonObject();
        keys = [];
        for (var i = 0; i < flags; i++)
        {
            var key = "flag-" + i;
            var type = Pick(["boolean", "string", "number", "object"]);
            result[key] = Flag(key, type, keys, segmentKeys);
            keys.Add((key, type));
        }

        return new JsonObject { ["flags"] = result, ["segments"] = segments };
    }

    public JsonObject Context()
    {
        var shape = _random.Next(12);
        if (shape == 0)
        {
            return new JsonObject { ["kind"] = "multi", ["user"] = Attributes_(new JsonObject { ["targetingKey"] = Pick(Keys) }), ["org"] = Attributes_(new JsonObject { ["targetingKey"] = Pick(Keys) }) };
        }

        if (shape == 1)
        {
            return new JsonObject { ["kind"] = "multi", ["org"] = Attributes_(new JsonObject { ["key"] = Pick(Keys) }), ["n"] = 5 };
        }

        if (shape == 2)
        {
            return Attributes_(new JsonObject { ["kind"] = "org", ["targetingKey"] = Pick(Keys) });
        }

        if (shape == 3)
        {
            var invalid = _random.Next(5);
            return invalid switch
            {
                0 => Attributes_(new JsonObject()),
                1 => new JsonObject { ["targetingKey"] = "u", ["kind"] = Pick(["kind", "bad kind", "multi"]) },
                2 => new JsonObject { ["key"] = Pick(Keys), ["plan"] = "pro" },
                3 => new JsonObject { ["targetingKey"] = "u", ["kind"] = 7 },
                _ => new JsonObject { ["kind"] = "multi", ["user"] = new JsonObject { ["targetingKey"] = "" } },
            };
        }

        return Attributes_(new JsonObject { ["targetingKey"] = Pick(Keys) });
    }

    private JsonObject Attributes_(JsonObject context)
    {
        foreach (var name in Attributes)
        {
            if (name.StartsWith('/') || name == "kind" || _random.Next(3) == 0)
            {
                continue;
            }

            context[name] = Value();
        }

        if (_random.Next(3) == 0)
        {
            context["nested"] = new JsonObject { ["city"] = Value() };
        }

        if (_random.Next(8) == 0)
        {
            context["anonymous"] = _random.Next(2) == 0;
        }

        return context;
    }

    private JsonNode? Value() => _random.Next(14) switch
    {
        0 => _random.Next(-5, 120),
        1 => _random.NextDouble() * 100,
        2 => _random.Next(2) == 0,
        3 => null,
        4 => new JsonArray(Pick(Strings), Pick(Strings)),
        5 => new JsonObject { ["x"] = 1 },
        6 => 1577836800000 + (_random.Next(-100, 100) * 86400000L),
        7 => Pick(Keys),
        _ => Pick(Strings),
    };

    private JsonObject Flag(string key, string type, List<(string Key, string Type)> earlier, List<string> segments)
    {
        var count = _random.Next(1, 5);
        var variations = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            variations.Add(type switch
            {
                "boolean" => i % 2 == 0,
                "string" => "v" + i + Pick(["", "-é", "-鍵"]),
                "number" => (JsonNode)(i * 1.5),
                _ => new JsonObject { ["v"] = i },
            });
        }

        var flag = new JsonObject
        {
            ["key"] = key,
            ["on"] = _random.Next(6) != 0,
            ["salt"] = Pick(["", "abc", "4f7c1e", "sälz"]),
            ["variations"] = variations,
            ["version"] = 1,
            ["fallthrough"] = Serve(count),
        };
        if (_random.Next(3) != 0)
        {
            flag["offVariation"] = _random.Next(count);
        }

        if (earlier.Count > 0 && _random.Next(4) == 0)
        {
            var prerequisite = earlier[_random.Next(earlier.Count)];
            flag["prerequisites"] = new JsonArray(new JsonObject { ["key"] = prerequisite.Key, ["variation"] = _random.Next(2) });
        }

        var targets = new JsonArray();
        var contextTargets = new JsonArray();
        if (_random.Next(2) == 0)
        {
            for (var v = 0; v < count; v++)
            {
                targets.Add(new JsonObject { ["variation"] = v, ["values"] = new JsonArray(Pick(Keys), Pick(Keys)) });
            }

            if (_random.Next(2) == 0)
            {
                contextTargets.Add(new JsonObject { ["contextKind"] = "org", ["variation"] = _random.Next(count), ["values"] = new JsonArray(Pick(Keys)) });
                contextTargets.Add(new JsonObject { ["contextKind"] = "user", ["variation"] = 0, ["values"] = new JsonArray() });
            }
        }

        flag["targets"] = targets;
        flag["contextTargets"] = contextTargets;
        var rules = new JsonArray();
        for (var r = 0; r < _random.Next(0, 5); r++)
        {
            var clauses = new JsonArray();
            for (var c = 0; c < _random.Next(1, 3); c++)
            {
                clauses.Add(Clause(segments, allowSegments: true));
            }

            var rule = Serve(count);
            rule["id"] = "rule-id-" + r;
            rule["clauses"] = clauses;
            rules.Add(rule);
        }

        flag["rules"] = rules;
        return flag;
    }

    private JsonObject Serve(int count)
    {
        if (_random.Next(3) != 0)
        {
            return new JsonObject { ["variation"] = _random.Next(count) };
        }

        var weights = new JsonArray();
        var left = 100000;
        for (var i = 0; i < count; i++)
        {
            var weight = i == count - 1 ? left : _random.Next(0, left + 1);
            left -= weight;
            weights.Add(new JsonObject { ["variation"] = i, ["weight"] = weight });
        }

        var rollout = new JsonObject { ["variations"] = weights };
        switch (_random.Next(6))
        {
            case 0:
                rollout["kind"] = "experiment";
                rollout["seed"] = _random.Next(-1000, 1000000);
                break;
            case 1:
                rollout["bucketBy"] = Pick(["email", "age", "plan", "name"]);
                break;
            case 2:
                rollout["contextKind"] = "org";
                break;
            case 3:
                rollout["contextKind"] = "user";
                rollout["bucketBy"] = "/nested/city";
                break;
        }

        return new JsonObject { ["rollout"] = rollout };
    }

    private JsonObject Clause(List<string> segments, bool allowSegments)
    {
        var op = Pick(Ops);
        if (op == "segmentMatch" && (!allowSegments || segments.Count == 0))
        {
            op = "in";
        }

        var clause = new JsonObject { ["op"] = op, ["negate"] = _random.Next(5) == 0 };
        if (op == "segmentMatch")
        {
            clause["values"] = new JsonArray(Pick([.. segments]));
            return clause;
        }

        var attribute = Pick(Attributes);
        if (attribute.StartsWith('/') || _random.Next(2) == 0)
        {
            clause["contextKind"] = _random.Next(4) == 0 ? "org" : "user";
        }
        else if (attribute == "/nested/city")
        {
            attribute = "email";
        }

        clause["attribute"] = attribute;
        var values = new JsonArray();
        for (var i = 0; i < _random.Next(1, 4); i++)
        {
            values.Add(op switch
            {
                "matches" => Pick(Patterns),
                "lessThan" or "lessThanOrEqual" or "greaterThan" or "greaterThanOrEqual" => _random.Next(-5, 120),
                "before" or "after" => _random.Next(2) == 0 ? "2020-01-01T00:00:00Z" : 1577836800000 + (_random.Next(-50, 50) * 86400000L),
                "semVerEqual" or "semVerLessThan" or "semVerGreaterThan" => Pick(["1.2.3", "1.2", "2.0.0-rc.1", "1.0.0"]),
                "in" when attribute == "kind" => Pick(["user", "org"]),
                "in" => Value(),
                _ => Pick(Strings),
            });
        }

        clause["values"] = values;
        return clause;
    }

    private JsonObject Segment(string key)
    {
        var rules = new JsonArray();
        for (var r = 0; r < _random.Next(0, 3); r++)
        {
            var rule = new JsonObject { ["id"] = "srule-" + r, ["clauses"] = new JsonArray(Clause([], allowSegments: false)) };
            if (_random.Next(2) == 0)
            {
                rule["weight"] = _random.Next(0, 100001);
                if (_random.Next(3) == 0)
                {
                    rule["bucketBy"] = "email";
                }

                if (_random.Next(3) == 0)
                {
                    rule["rolloutContextKind"] = "org";
                }
            }

            rules.Add(rule);
        }

        return new JsonObject
        {
            ["key"] = key,
            ["salt"] = Pick(["", "s1", "sälz"]),
            ["included"] = new JsonArray(Pick(Keys)),
            ["excluded"] = new JsonArray(Pick(Keys)),
            ["includedContexts"] = new JsonArray(new JsonObject { ["contextKind"] = "org", ["values"] = new JsonArray(Pick(Keys)) }),
            ["rules"] = rules,
            ["version"] = 1,
        };
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
