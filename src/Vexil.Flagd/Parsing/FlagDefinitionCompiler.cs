using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;
using Vexil.Flagd.Evaluation;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Parsing;

/// <summary>
/// Compiles one flagd flag definition: <c>state</c>, <c>variants</c> (one value type for all), <c>defaultVariant</c>
/// (absent or null: none), <c>targeting</c> and <c>metadata</c> (over the flag set's metadata).
/// </summary>
internal sealed class FlagDefinitionCompiler(FlagdCompileOptions options, IReadOnlyDictionary<string, EvaluatorDefinition> evaluators, List<ValidationError> errors)
{
    /// <summary>Compiles the flag; null when its definition is invalid (its errors are reported).</summary>
    public FlagdFlag? Compile(FlagSource source)
    {
        var path = source.Path;
        var definition = source.Definition;
        if (definition.ValueKind != JsonValueKind.Object)
        {
            return Fail(path, "a flag must be an object");
        }

        var before = errors.Count;
        var enabled = ReadState(definition, path);
        var variations = ReadVariants(definition, path, out var type);
        var defaultIndex = ReadDefaultVariant(definition, path, variations);
        var metadata = new Dictionary<string, ContextValue>(source.SetMetadata, StringComparer.Ordinal);
        if (definition.TryGetProperty("metadata", out var flagMetadata))
        {
            MetadataReader.Read(flagMetadata, $"{path}.metadata", metadata, errors);
        }

        if (errors.Count != before || variations is null)
        {
            return null;
        }

        JsonLogicNode? targeting = null;
        var invalidTargeting = false;
        if (definition.TryGetProperty("targeting", out var targetingJson) && !IsEmptyTargeting(targetingJson))
        {
            var compiler = new JsonLogicCompiler(source.Key, options.TimeProvider, evaluators, errors, StaticContexts.Build(options));
            targeting = compiler.Compile(targetingJson, $"{path}.targeting");
            invalidTargeting = targeting is null;
        }

        return new FlagdFlag(source.Key, type, variations, options.Version, FlagMetadata.Create(metadata), enabled, defaultIndex, targeting, invalidTargeting);
    }

    private static bool IsEmptyTargeting(JsonElement targeting) =>
        targeting.ValueKind == JsonValueKind.Null
        || (targeting.ValueKind == JsonValueKind.Object && !targeting.EnumerateObject().MoveNext());

    private bool ReadState(JsonElement definition, string path)
    {
        if (!definition.TryGetProperty("state", out var state))
        {
            Fail(path, "a flag must have a 'state' (ENABLED or DISABLED)");
            return false;
        }

        switch (state.ValueKind == JsonValueKind.String ? state.GetString() : null)
        {
            case "ENABLED":
                return true;
            case "DISABLED":
                return false;
            default:
                Fail($"{path}.state", $"the state must be ENABLED or DISABLED, not {state.GetRawText()}");
                return false;
        }
    }

    private CompiledVariation[]? ReadVariants(JsonElement definition, string path, out FlagValueType type)
    {
        type = FlagValueType.Boolean;
        var variantsPath = $"{path}.variants";
        if (!definition.TryGetProperty("variants", out var variants))
        {
            Fail(path, "a flag must have 'variants'");
            return null;
        }

        if (variants.ValueKind != JsonValueKind.Object)
        {
            Fail(variantsPath, "the variants must be an object of values by name");
            return null;
        }

        var list = new List<CompiledVariation>();
        FlagValueType? seen = null;
        foreach (var variant in variants.EnumerateObject())
        {
            var variantPath = $"{variantsPath}.{variant.Name}";
            if (!TryReadValue(variant.Value, out var value))
            {
                Fail(variantPath, "a variant's value must be a boolean, a string, a number, an object or an array");
                continue;
            }

            if (seen is { } expected && expected != value.Type)
            {
                Fail(variantPath, $"every variant of a flag must have one type: this one is {Describe(value.Type)}, an earlier one {Describe(expected)}");
                continue;
            }

            seen = value.Type;
            var index = list.FindIndex(v => string.Equals(v.Key, variant.Name, StringComparison.Ordinal));
            if (index >= 0)
            {
                list[index] = new CompiledVariation(variant.Name, value);
            }
            else
            {
                list.Add(new CompiledVariation(variant.Name, value));
            }
        }

        if (list.Count == 0 && seen is null)
        {
            Fail(variantsPath, "a flag must have at least one variant");
            return null;
        }

        type = seen ?? FlagValueType.Boolean;
        return [.. list];
    }

    private int ReadDefaultVariant(JsonElement definition, string path, CompiledVariation[]? variations)
    {
        if (!definition.TryGetProperty("defaultVariant", out var defaultVariant) || defaultVariant.ValueKind == JsonValueKind.Null)
        {
            return -1;
        }

        var defaultPath = $"{path}.defaultVariant";
        if (defaultVariant.ValueKind != JsonValueKind.String)
        {
            Fail(defaultPath, "the default variant must be a variant's name or null");
            return -1;
        }

        var name = defaultVariant.GetString()!;
        if (variations is null)
        {
            return -1;
        }

        for (var i = 0; i < variations.Length; i++)
        {
            if (string.Equals(variations[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        Fail(defaultPath, $"the default variant '{name}' is not one of the variants");
        return -1;
    }

    private static bool TryReadValue(JsonElement element, out FlagValue value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
            case JsonValueKind.False:
                value = FlagValue.Of(element.GetBoolean());
                return true;
            case JsonValueKind.String:
                value = FlagValue.Of(element.GetString()!);
                return true;
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                value = FlagValue.Of(number);
                return true;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                value = FlagValue.OfObject(element);
                return true;
            default:
                value = default;
                return false;
        }
    }

    private static string Describe(FlagValueType type) => type switch
    {
        FlagValueType.Boolean => "a boolean",
        FlagValueType.String => "a string",
        FlagValueType.Number => "a number",
        _ => "an object",
    };

    private FlagdFlag? Fail(string path, string message)
    {
        errors.Add(new ValidationError(path, message));
        return null;
    }
}
