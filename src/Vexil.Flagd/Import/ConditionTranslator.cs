using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Operators;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Import;

/// <summary>
/// Turns a flagd condition into its disjunctive normal form over native clauses: a list of alternatives, each a
/// list of clauses that must all match. A native clause never matches a missing attribute, negated or not, while a
/// flagd negation holds for one; so a negation (<c>!</c>, <c>!=</c>, <c>sem_ver !=</c>, and a comparison that holds
/// for a missing attribute, which flagd reads as 0) is only accepted as the whole condition of an if, where the
/// branches are swapped instead (<see cref="IsNegative"/>).
/// </summary>
internal sealed class ConditionTranslator(IReadOnlyDictionary<string, EvaluatorDefinition> evaluators, List<ValidationError> errors)
{
    private const int MaxAlternatives = 256;
    private const int MaxDepth = 32;

    /// <summary>True when the condition is a negation that is translated by swapping the branches.</summary>
    public bool IsNegative(JsonElement node, int depth = 0)
    {
        if (depth > MaxDepth || node.ValueKind != JsonValueKind.Object || !TargetingTranslator.TryOperator(node, out var op, out var args))
        {
            return false;
        }

        var a = TargetingTranslator.Arguments(args);
        return op switch
        {
            "$ref" => args.ValueKind == JsonValueKind.String && evaluators.TryGetValue(args.GetString()!, out var e) && IsNegative(e.Expression, depth + 1),
            "!" or "!=" or "!==" => true,
            "sem_ver" => a.Length == 3 && a[1].ValueKind == JsonValueKind.String && a[1].GetString() == "!=",
            "<" or "<=" or ">" or ">=" => TryComparison(op, a, out _, out var holdsForZero, out _) && holdsForZero,
            _ => false,
        };
    }

    /// <summary>The alternatives of the condition (or of its complement, for a negative one); null on an error.</summary>
    public List<List<ClauseDefinition>>? Translate(JsonElement node, string path, bool complement, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return Fail(path, "nested too deeply");
        }

        if (node.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetBoolean() ? [[]] : [];
        }

        if (node.ValueKind != JsonValueKind.Object || !TargetingTranslator.TryOperator(node, out var op, out var args))
        {
            return Fail(path, "a condition must be a comparison, and, or, or true/false to be imported");
        }

        var a = TargetingTranslator.Arguments(args);
        var at = $"{path}.{op}";
        if (complement)
        {
            return op switch
            {
                "$ref" => Reference(args, path, complement, depth),
                "!" => a.Length == 1 ? Translate(a[0], $"{at}[0]", complement: false, depth + 1) : Fail(at, "! takes one argument"),
                "!=" => Equality(a, at, strict: false),
                "!==" => Equality(a, at, strict: true),
                "sem_ver" => SemVer(a, at, "="),
                _ => Comparison(op, a, at, complement: true),
            };
        }

        return op switch
        {
            "$ref" => Reference(args, path, complement, depth),
            "and" => And(a, at, depth),
            "or" => Or(a, at, depth),
            "==" => Equality(a, at, strict: false),
            "===" => Equality(a, at, strict: true),
            "in" => In(a, at),
            "starts_with" => Affix(a, at, "startsWith"),
            "ends_with" => Affix(a, at, "endsWith"),
            "sem_ver" => SemVer(a, at, a.Length == 3 && a[1].ValueKind == JsonValueKind.String ? a[1].GetString()! : string.Empty),
            "<" or "<=" or ">" or ">=" => Comparison(op, a, at, complement: false),
            "!" or "!=" or "!==" => Fail(at, "a negation holds in flagd for a missing attribute and a native clause never does: it can only be imported as the whole condition of an if (the branches are swapped), not inside and/or"),
            _ => Fail(at, $"'{op}' cannot be expressed as native clauses"),
        };
    }

    /// <summary>The attribute a <c>var</c> reads: "x" or ["x"] (a default value is not importable).</summary>
    public static string? VarName(JsonElement args)
    {
        if (args.ValueKind == JsonValueKind.String)
        {
            return args.GetString();
        }

        return args.ValueKind == JsonValueKind.Array && args.GetArrayLength() == 1 && args[0].ValueKind == JsonValueKind.String ? args[0].GetString() : null;
    }

    private List<List<ClauseDefinition>>? Reference(JsonElement args, string path, bool complement, int depth)
    {
        if (args.ValueKind == JsonValueKind.String && evaluators.TryGetValue(args.GetString()!, out var evaluator))
        {
            return Translate(evaluator.Expression, evaluator.Path, complement, depth + 1);
        }

        return Fail(path, $"$ref names no evaluator: {args.GetRawText()}");
    }

    private List<List<ClauseDefinition>>? And(JsonElement[] args, string path, int depth)
    {
        List<List<ClauseDefinition>> result = [[]];
        for (var i = 0; i < args.Length; i++)
        {
            if (Translate(args[i], $"{path}[{i}]", complement: false, depth + 1) is not { } part)
            {
                return null;
            }

            result = [.. result.SelectMany(left => part.Select(right => (List<ClauseDefinition>)[.. left, .. right]))];
            if (result.Count > MaxAlternatives)
            {
                return Fail(path, $"expands to more than {MaxAlternatives} rules");
            }
        }

        return result;
    }

    private List<List<ClauseDefinition>>? Or(JsonElement[] args, string path, int depth)
    {
        var result = new List<List<ClauseDefinition>>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Translate(args[i], $"{path}[{i}]", complement: false, depth + 1) is not { } part)
            {
                return null;
            }

            result.AddRange(part);
            if (result.Count > MaxAlternatives)
            {
                return Fail(path, $"expands to more than {MaxAlternatives} rules");
            }
        }

        return result;
    }

    /// <summary>
    /// <c>==</c> is JavaScript's loose equality: a string constant also equals the number it spells (and true/false
    /// for 1/0), a number also its canonical text, a boolean 1/0 and "1"/"0". <c>===</c> is the constant alone.
    /// </summary>
    private List<List<ClauseDefinition>>? Equality(JsonElement[] args, string path, bool strict)
    {
        if (!TryAttributeAndConstant(args, path, out var attribute, out var constant))
        {
            return null;
        }

        var values = new List<JsonElement> { constant };
        if (!strict)
        {
            switch (constant.ValueKind)
            {
                case JsonValueKind.String:
                    var text = constant.GetString()!.Trim();
                    var number = text.Length == 0 ? 0 : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN;
                    if (double.IsFinite(number))
                    {
                        values.Add(Number(number));
                        AddBooleanFor(number, values);
                    }

                    break;
                case JsonValueKind.Number:
                    var value = constant.GetDouble();
                    values.Add(Text(JsonLogicValues.FormatNumber(value)));
                    AddBooleanFor(value, values);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    var one = constant.GetBoolean() ? 1 : 0;
                    values.Add(Number(one));
                    values.Add(Text(one.ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    return Fail(path, "== compares with a string, a number or a boolean to be imported");
            }
        }
        else if (constant.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            return Fail(path, "=== compares with a string, a number or a boolean to be imported");
        }

        return [[new ClauseDefinition(attribute, "in", values)]];
    }

    private static void AddBooleanFor(double number, List<JsonElement> values)
    {
        if (number == 1)
        {
            values.Add(Parse("true"));
        }
        else if (number == 0)
        {
            values.Add(Parse("false"));
        }
    }

    /// <summary><c>{"in": [attribute, [constants]]}</c>: membership; <c>{"in": ["text", attribute]}</c>: contains.</summary>
    private List<List<ClauseDefinition>>? In(JsonElement[] args, string path)
    {
        if (args.Length == 2 && Attribute(args[0]) is { } attribute && args[1].ValueKind == JsonValueKind.Array)
        {
            var values = args[1].EnumerateArray().ToList();
            if (values.Count == 0)
            {
                return [];
            }

            if (values.Any(v => v.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)))
            {
                return Fail($"{path}[1]", "the list must hold strings, numbers or booleans to be imported");
            }

            return [[new ClauseDefinition(attribute, "in", [.. values.Select(v => v.Clone())])]];
        }

        if (args.Length == 2 && args[0].ValueKind == JsonValueKind.String && Attribute(args[1]) is { } container)
        {
            return [[new ClauseDefinition(container, "contains", [args[0].Clone()])]];
        }

        return Fail(path, "in must test an attribute against a constant list, or a constant string against an attribute, to be imported");
    }

    private List<List<ClauseDefinition>>? Affix(JsonElement[] args, string path, string op)
    {
        if (args.Length == 2 && Attribute(args[0]) is { } attribute && args[1].ValueKind == JsonValueKind.String)
        {
            return [[new ClauseDefinition(attribute, op, [args[1].Clone()])]];
        }

        return Fail(path, "must test an attribute against a constant string to be imported");
    }

    private List<List<ClauseDefinition>>? SemVer(JsonElement[] args, string path, string op)
    {
        if (args.Length != 3 || Attribute(args[0]) is not { } attribute || args[2].ValueKind != JsonValueKind.String)
        {
            return Fail(path, "sem_ver must compare an attribute with a constant version to be imported");
        }

        var native = op switch
        {
            "=" => "semVerEq",
            "<" => "semVerLt",
            "<=" => "semVerLte",
            ">" => "semVerGt",
            ">=" => "semVerGte",
            _ => null,
        };
        if (native is null)
        {
            return Fail($"{path}[1]", $"the sem_ver operator '{op}' has no native equivalent (=, <, <=, >, >= and != as an if's whole condition are imported)");
        }

        var version = args[2].GetString();
        if (!SemanticVersion.TryParse(version, out _))
        {
            return Fail($"{path}[2]", $"'{version}' is not a full SemVer 2.0.0 version (flagd also reads short forms such as 1.2; native clauses do not)");
        }

        return [[new ClauseDefinition(attribute, native, [args[2].Clone()])]];
    }

    private List<List<ClauseDefinition>>? Comparison(string op, JsonElement[] args, string path, bool complement)
    {
        if (!TryComparison(op, args, out var clause, out var holdsForZero, out var error))
        {
            return Fail(path, error);
        }

        if (holdsForZero != complement)
        {
            return Fail(path, "flagd reads a missing attribute as 0, for which this comparison holds, and a native clause never matches a missing attribute: it can only be imported as the whole condition of an if (the branches are swapped), not inside and/or");
        }

        if (!complement)
        {
            return [[clause!]];
        }

        var opposite = clause!.Operator switch
        {
            "lt" => "gte",
            "lte" => "gt",
            "gt" => "lte",
            _ => "lt",
        };
        return [[clause with { Operator = opposite }]];
    }

    private static bool TryComparison(string op, JsonElement[] args, out ClauseDefinition? clause, out bool holdsForZero, out string error)
    {
        clause = null;
        holdsForZero = false;
        error = "a comparison must have an attribute and a constant number to be imported";
        if (args.Length != 2)
        {
            return false;
        }

        var flipped = false;
        string? attribute = Attribute(args[0]);
        var constant = args[1];
        if (attribute is null)
        {
            attribute = Attribute(args[1]);
            constant = args[0];
            flipped = true;
        }

        if (attribute is null || constant.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        // attribute op constant, with the operator turned around when the constant comes first.
        var native = (op, flipped) switch
        {
            ("<", false) or (">", true) => "lt",
            ("<=", false) or (">=", true) => "lte",
            (">", false) or ("<", true) => "gt",
            _ => "gte",
        };
        var c = constant.GetDouble();
        holdsForZero = native switch
        {
            "lt" => 0 < c,
            "lte" => 0 <= c,
            "gt" => 0 > c,
            _ => 0 >= c,
        };
        clause = new ClauseDefinition(attribute, native, [constant.Clone()]);
        return true;
    }

    private bool TryAttributeAndConstant(JsonElement[] args, string path, out string attribute, out JsonElement constant)
    {
        attribute = string.Empty;
        constant = default;
        if (args.Length == 2 && Attribute(args[0]) is { } left && args[1].ValueKind != JsonValueKind.Object)
        {
            (attribute, constant) = (left, args[1].Clone());
            return true;
        }

        if (args.Length == 2 && Attribute(args[1]) is { } right && args[0].ValueKind != JsonValueKind.Object)
        {
            (attribute, constant) = (right, args[0].Clone());
            return true;
        }

        Fail(path, "must compare an attribute ({\"var\": name}) with a constant to be imported");
        return false;
    }

    /// <summary>The attribute of <c>{"var": name}</c>; null for anything else, and for flagd's own <c>$flagd.*</c> values.</summary>
    private static string? Attribute(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && TargetingTranslator.TryOperator(node, out var op, out var args) && op == "var"
            && VarName(args) is { Length: > 0 } name && !name.StartsWith('$') ? name : null;

    private static JsonElement Number(double value) => Parse(JsonLogicValues.FormatNumber(value));

    private static JsonElement Text(string value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private List<List<ClauseDefinition>>? Fail(string path, string message)
    {
        errors.Add(new ValidationError(path, message));
        return null;
    }
}
