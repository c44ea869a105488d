using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Import;

/// <summary>
/// Turns a flagd targeting expression into ordered native rules. An if/else chain is walked in flagd's order: each
/// condition becomes one rule per alternative of its disjunctive normal form, prefixed by the conditions of the
/// enclosing branches; a variant name is served by a rule; a missing else leaves the rest to the fallthrough (the
/// default variant, reason DEFAULT, as flagd). A branch that can yield null (no else, a fractional without a
/// bucketing value) must be the last: flagd would serve the default variant there, native rules would go on.
/// </summary>
internal sealed partial class TargetingTranslator(
    string flagKey,
    IReadOnlyList<string> variants,
    IReadOnlyDictionary<string, EvaluatorDefinition> evaluators,
    List<ValidationError> errors)
{
    private const int MaxDepth = 32;
    private readonly List<RuleDefinition> _rules = [];
    private string? _holePath;
    private bool _holeReported;

    /// <summary>The rules, in order.</summary>
    public IReadOnlyList<RuleDefinition> Rules => _rules;

    /// <summary>The salt every fractional of the flag hashes with (null: no fractional).</summary>
    public string? Salt { get; private set; }

    public void Translate(JsonElement targeting, string path) => Result(targeting, path, [], 0);

    /// <summary>Translates an expression that yields the variant; false when it can yield null.</summary>
    private bool Result(JsonElement node, string path, IReadOnlyList<ClauseDefinition> prefix, int depth)
    {
        if (depth > MaxDepth)
        {
            return Fail(path, "nested too deeply");
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Null:
                return false;
            case JsonValueKind.String:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Number:
                if (VariantName(node, path) is { } name)
                {
                    AddRule(prefix, ServeDefinition.Of(name), path);
                }

                return true;
            case JsonValueKind.Object:
                break;
            default:
                return Fail(path, "an array cannot name a variant");
        }

        if (!TryOperator(node, out var op, out var args))
        {
            return Fail(path, "an expression must be an object with one operator");
        }

        switch (op)
        {
            case "$ref":
                return Resolve(args, path) is { } evaluator && Result(evaluator.Expression, evaluator.Path, prefix, depth + 1);
            case "if" or "?:":
                return Chain(Arguments(args), 0, $"{path}.{op}", prefix, depth);
            case "fractional":
                return Fractional(Arguments(args), $"{path}.fractional", prefix);
            default:
                return Fail(path, $"'{op}' computes the variant from the context, which native rules cannot express: only variant names, if/else chains and fractional can choose it");
        }
    }

    private bool Chain(JsonElement[] args, int i, string path, IReadOnlyList<ClauseDefinition> prefix, int depth)
    {
        if (i >= args.Length)
        {
            return false;
        }

        if (i == args.Length - 1)
        {
            return Result(args[i], $"{path}[{i}]", prefix, depth + 1);
        }

        var conditionPath = $"{path}[{i}]";
        var conditions = new ConditionTranslator(evaluators, errors);
        if (conditions.IsNegative(args[i]))
        {
            // if [!c, then, rest] is if [c, rest, then]: exact even when c's attribute is missing.
            if (conditions.Translate(args[i], conditionPath, complement: true) is { } positive)
            {
                Branch(positive, prefix, p => Chain(args, i + 2, path, p, depth + 1), $"{path}[{i + 2}]");
            }

            return Result(args[i + 1], $"{path}[{i + 1}]", prefix, depth + 1);
        }

        if (conditions.Translate(args[i], conditionPath, complement: false) is { } dnf)
        {
            Branch(dnf, prefix, p => Result(args[i + 1], $"{path}[{i + 1}]", p, depth + 1), $"{path}[{i + 1}]");
        }

        return Chain(args, i + 2, path, prefix, depth);
    }

    private void Branch(List<List<ClauseDefinition>> dnf, IReadOnlyList<ClauseDefinition> prefix, Func<IReadOnlyList<ClauseDefinition>, bool> body, string bodyPath)
    {
        foreach (var conjunction in dnf)
        {
            if (!body([.. prefix, .. conjunction]))
            {
                _holePath ??= bodyPath;
            }
        }
    }

    private void AddRule(IReadOnlyList<ClauseDefinition> clauses, ServeDefinition serve, string path)
    {
        if (_holePath is not null)
        {
            if (!_holeReported)
            {
                _holeReported = true;
                Fail(_holePath, $"this branch can yield no variant (null, an if without else, or a fractional without a bucketing value) while later branches follow (first at {path}): flagd then serves the default variant, native rules would go on to the next rule; give it an else or make it the last branch");
            }

            return;
        }

        _rules.Add(new RuleDefinition($"rule-{_rules.Count + 1}", clauses, serve));
    }

    private string? VariantName(JsonElement node, string path)
    {
        var name = node.ValueKind switch
        {
            JsonValueKind.String => node.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => JsonLogicValues.FormatNumber(node.GetDouble()),
        };
        if (!variants.Contains(name))
        {
            Fail(path, $"names the variant '{name}', which the flag does not have (flagd answers ERROR there; a native rule must serve a variation)");
            return null;
        }

        return name;
    }

    private EvaluatorDefinition? Resolve(JsonElement reference, string path)
    {
        if (reference.ValueKind == JsonValueKind.String && evaluators.TryGetValue(reference.GetString()!, out var evaluator))
        {
            return evaluator;
        }

        Fail(path, $"$ref names no evaluator: {reference.GetRawText()}");
        return null;
    }

    internal static bool TryOperator(JsonElement node, out string op, out JsonElement args)
    {
        op = string.Empty;
        args = default;
        using var properties = node.EnumerateObject();
        if (!properties.MoveNext())
        {
            return false;
        }

        op = properties.Current.Name;
        args = properties.Current.Value;
        return !properties.MoveNext();
    }

    internal static JsonElement[] Arguments(JsonElement args) =>
        args.ValueKind == JsonValueKind.Array ? [.. args.EnumerateArray()] : [args];

    private bool Fail(string path, string message)
    {
        errors.Add(new ValidationError(path, message));
        return true;
    }
}
