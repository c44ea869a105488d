using System.Globalization;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic.Operators;

namespace Vexil.Flagd.JsonLogic;

/// <summary>
/// Compiles one flag's JsonLogic targeting into a tree of <see cref="JsonLogicNode"/>s, once. Unknown operators,
/// unresolvable or circular <c>$ref</c>s and over-deep nesting are errors, each reported with its JSON path.
/// Operators given unusable arguments compile fine and yield null when evaluated, as in flagd.
/// </summary>
internal sealed class JsonLogicCompiler
{
    private const int MaxDepth = 64;

    private readonly string _flagKey;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyDictionary<string, EvaluatorDefinition> _evaluators;
    private readonly List<ValidationError> _errors;
    private readonly List<string> _refStack = [];
    private readonly EvaluationContext _staticContext;

    public JsonLogicCompiler(string flagKey, TimeProvider timeProvider, IReadOnlyDictionary<string, EvaluatorDefinition> evaluators, List<ValidationError> errors, EvaluationContext? staticContext = null)
    {
        _flagKey = flagKey;
        _timeProvider = timeProvider;
        _evaluators = evaluators;
        _errors = errors;
        _staticContext = staticContext ?? EvaluationContext.Empty;
    }

    /// <summary>Compiles an expression; null when it has errors (added to the error list).</summary>
    public JsonLogicNode? Compile(JsonElement expression, string path)
    {
        var before = _errors.Count;
        var node = Compile(expression, path, 0);
        return _errors.Count == before ? node : null;
    }

    private JsonLogicNode Compile(JsonElement element, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return Error(path, $"the expression is nested more than {MaxDepth} levels deep");
        }

        return element.ValueKind switch
        {
            JsonValueKind.Object => CompileOperation(element, path, depth),
            JsonValueKind.Array => CompileArray(element, path, depth),
            _ => Constant(element, path),
        };
    }

    private JsonLogicNode CompileArray(JsonElement element, string path, int depth)
    {
        var items = CompileAll(element, path, depth);
        var values = new ContextValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not ConstantNode constant)
            {
                return new ArrayNode(items);
            }

            values[i] = constant.Value;
        }

        return new ConstantNode(ContextValue.Of(values));
    }

    private JsonLogicNode[] CompileAll(JsonElement array, string path, int depth)
    {
        var items = new JsonLogicNode[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[i] = Compile(item, $"{path}[{i}]", depth + 1);
            i++;
        }

        return items;
    }

    private JsonLogicNode CompileOperation(JsonElement element, string path, int depth)
    {
        string? name = null;
        JsonElement value = default;
        foreach (var property in element.EnumerateObject())
        {
            if (name is not null && !string.Equals(name, property.Name, StringComparison.Ordinal))
            {
                return Error(path, $"an operation must have exactly one key, found '{name}' and '{property.Name}'");
            }

            // Duplicate keys: the last one wins.
            name = property.Name;
            value = property.Value;
        }

        if (name is null)
        {
            return Constant(element, path);
        }

        var argsPath = $"{path}.{name}";
        if (string.Equals(name, "$ref", StringComparison.Ordinal))
        {
            return CompileReference(value, argsPath, depth);
        }

        if (string.Equals(name, "fractional", StringComparison.Ordinal))
        {
            return CompileFractional(value, argsPath, depth);
        }

        var args = value.ValueKind == JsonValueKind.Array
            ? CompileAll(value, argsPath, depth)
            : [Compile(value, argsPath, depth + 1)];
        return name switch
        {
            "var" => CompileVar(args),
            "==" => new EqualityNode(Arg(args, 0), Arg(args, 1), strict: false, negate: false),
            "===" => new EqualityNode(Arg(args, 0), Arg(args, 1), strict: true, negate: false),
            "!=" => new EqualityNode(Arg(args, 0), Arg(args, 1), strict: false, negate: true),
            "!==" => new EqualityNode(Arg(args, 0), Arg(args, 1), strict: true, negate: true),
            "<" => new RelationalNode(args, less: true, orEqual: false),
            "<=" => new RelationalNode(args, less: true, orEqual: true),
            ">" => new RelationalNode(args, less: false, orEqual: false),
            ">=" => new RelationalNode(args, less: false, orEqual: true),
            "!" => new NotNode(args.Length > 0 ? args[0] : null, doubleBang: false),
            "!!" => new NotNode(args.Length > 0 ? args[0] : null, doubleBang: true),
            "and" => new LogicalNode(args, isAnd: true),
            "or" => new LogicalNode(args, isAnd: false),
            "if" or "?:" => new IfNode(args),
            "in" => new InNode(Arg(args, 0), Arg(args, 1)),
            "cat" => new CatNode(args),
            "substr" => new SubstrNode(args),
            "+" => new ArithmeticNode(ArithmeticOperator.Add, args),
            "-" => new ArithmeticNode(ArithmeticOperator.Subtract, args),
            "*" => new ArithmeticNode(ArithmeticOperator.Multiply, args),
            "/" => new ArithmeticNode(ArithmeticOperator.Divide, args),
            "%" => new ArithmeticNode(ArithmeticOperator.Modulo, args),
            "min" => new ArithmeticNode(ArithmeticOperator.Min, args),
            "max" => new ArithmeticNode(ArithmeticOperator.Max, args),
            "merge" => new MergeNode(args),
            "missing" => new MissingNode(args, some: false),
            "missing_some" => new MissingNode(args, some: true),
            "map" => Iteration(IterationOperator.Map, args),
            "filter" => Iteration(IterationOperator.Filter, args),
            "all" => Iteration(IterationOperator.All, args),
            "some" => Iteration(IterationOperator.Some, args),
            "none" => Iteration(IterationOperator.None, args),
            "reduce" => Iteration(IterationOperator.Reduce, args),
            "starts_with" => new AffixNode(args, starts: true),
            "ends_with" => new AffixNode(args, starts: false),
            "sem_ver" => new SemVerNode(args),
            _ => Error(path, $"unknown operator '{name}'"),
        };
    }

    private JsonLogicNode CompileReference(JsonElement value, string path, int depth)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Error(path, "$ref must name an evaluator");
        }

        var name = value.GetString()!;
        if (!_evaluators.TryGetValue(name, out var evaluator))
        {
            return Error(path, $"no evaluator named '{name}' in $evaluators");
        }

        if (_refStack.Contains(name))
        {
            return Error(path, $"evaluator '{name}' refers to itself");
        }

        _refStack.Add(name);
        var node = Compile(evaluator.Expression, evaluator.Path, depth + 1);
        _refStack.RemoveAt(_refStack.Count - 1);
        return node;
    }

    private JsonLogicNode CompileVar(JsonLogicNode[] args)
    {
        // {"var": "a.b"}, {"var": ["a.b"]} and {"var": ["a.b", fallback]}.
        var fallback = args.Length > 1 ? args[1] : null;
        var pathNode = args.Length > 0 ? args[0] : ConstantNode.Null;
        if (pathNode is not ConstantNode constant)
        {
            return new DynamicVarNode(pathNode, fallback);
        }

        var text = constant.Value.Kind == ContextValueKind.Number
            ? constant.Value.AsNumber.ToString(CultureInfo.InvariantCulture)
            : constant.Value.AsString ?? string.Empty;
        return text switch
        {
            "$flagd.flagKey" => new ConstantNode(ContextValue.Of(_flagKey)),
            "$flagd.timestamp" => new TimestampNode(_timeProvider),
            "" => new VarNode([], fallback, default),
            _ => Var(text.Split('.'), fallback),
        };
    }

    private VarNode Var(string[] segments, JsonLogicNode? fallback)
    {
        // Static context is constant: resolve the path in it once, here.
        var staticValue = _staticContext.Attributes.Count > 0 ? VarNode.Resolve(new JsonLogicScope(_staticContext), segments) : default;
        return new VarNode(segments, fallback, staticValue);
    }

    private JsonLogicNode CompileFractional(JsonElement value, string path, int depth)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return ConstantNode.Null;
        }

        var first = value[0];
        var bucketBy = first.ValueKind == JsonValueKind.Array ? null : Compile(first, $"{path}[0]", depth + 1);
        var offset = bucketBy is null ? 0 : 1;
        var count = value.GetArrayLength() - offset;
        if (count == 0)
        {
            return ConstantNode.Null;
        }

        var variants = new JsonLogicNode[count];
        var weights = new JsonLogicNode?[count];
        for (var i = 0; i < count; i++)
        {
            var bucket = value[i + offset];
            var bucketPath = $"{path}[{i + offset}]";
            var length = bucket.ValueKind == JsonValueKind.Array ? bucket.GetArrayLength() : 0;
            if (length is < 1 or > 2)
            {
                // flagd answers null for a malformed bucket.
                return ConstantNode.Null;
            }

            variants[i] = Compile(bucket[0], $"{bucketPath}[0]", depth + 2);
            weights[i] = length == 2 ? Compile(bucket[1], $"{bucketPath}[1]", depth + 2) : null;
        }

        return new FractionalNode(_flagKey, bucketBy, variants, weights);
    }

    private JsonLogicNode Constant(JsonElement element, string path)
    {
        try
        {
            return new ConstantNode(ContextValue.FromJson(element));
        }
        catch (ArgumentException)
        {
            return Error(path, "the value is nested too deeply");
        }
    }

    private static JsonLogicNode Iteration(IterationOperator op, JsonLogicNode[] args) =>
        new IterationNode(op, Arg(args, 0), Arg(args, 1), args.Length > 2 ? args[2] : null);

    private static JsonLogicNode Arg(JsonLogicNode[] args, int index) => index < args.Length ? args[index] : ConstantNode.Null;

    private ConstantNode Error(string path, string message)
    {
        _errors.Add(new ValidationError(path, message));
        return ConstantNode.Null;
    }
}
