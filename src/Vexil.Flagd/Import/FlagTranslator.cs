using System.Text.Json;
using System.Text.RegularExpressions;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic;
using Vexil.Flagd.Parsing;

namespace Vexil.Flagd.Import;

/// <summary>
/// Translates one flagd flag (already checked by <see cref="FlagdCompiler"/>) into a native flag. flagd's semantics
/// kept: DISABLED serves the caller's default with reason DISABLED (no off variation); no targeting serves the
/// default variant (STATIC); targeting yielding null serves the default variant (DEFAULT, the fallthrough).
/// </summary>
internal sealed partial class FlagTranslator(FlagSource source, IReadOnlyDictionary<string, EvaluatorDefinition> evaluators, List<ValidationError> errors)
{
    private readonly string _path = source.Path;

    public FlagDefinition? Translate()
    {
        var definition = source.Definition;
        var before = errors.Count;
        if (!KeyPattern().IsMatch(source.Key))
        {
            Fail(_path, $"the flag key '{source.Key}' is not a native key ([A-Za-z0-9][A-Za-z0-9._-]{{0,127}})");
        }

        var enabled = definition.GetProperty("state").GetString() == "ENABLED";
        var variations = new List<VariationDefinition>();
        var type = FlagValueType.Boolean;
        foreach (var variant in definition.GetProperty("variants").EnumerateObject())
        {
            if (!KeyPattern().IsMatch(variant.Name))
            {
                Fail($"{_path}.variants.{variant.Name}", $"the variant name '{variant.Name}' is not a native variation key ([A-Za-z0-9][A-Za-z0-9._-]{{0,127}})");
            }

            type = variant.Value.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False => FlagValueType.Boolean,
                JsonValueKind.String => FlagValueType.String,
                JsonValueKind.Number => FlagValueType.Number,
                _ => FlagValueType.Object,
            };
            variations.RemoveAll(v => v.Key == variant.Name);
            variations.Add(new VariationDefinition(variant.Name, variant.Value.Clone()));
        }

        string? defaultVariant = null;
        if (definition.TryGetProperty("defaultVariant", out var d) && d.ValueKind == JsonValueKind.String)
        {
            defaultVariant = d.GetString();
        }

        if (enabled && defaultVariant is null)
        {
            Fail($"{_path}.defaultVariant", "an enabled flag without a default variant serves the caller's default when no targeting applies, which a native flag cannot express (its fallthrough is a variation): name a default variant");
        }

        var targeting = new TargetingTranslator(source.Key, [.. variations.Select(v => v.Key)], evaluators, errors);
        if (definition.TryGetProperty("targeting", out var t) && !IsEmpty(t))
        {
            targeting.Translate(t, $"{_path}.targeting");
            if (targeting.Rules.Count == 0 && errors.Count == before)
            {
                Fail($"{_path}.targeting", "the targeting never chooses a variant (flagd answers DEFAULT for every context, a native flag without rules STATIC): remove it");
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        var (description, tags) = ReadMetadata(definition);
        return new FlagDefinition
        {
            Key = source.Key,
            Type = type,
            Variations = variations,
            Description = description,
            Tags = tags,
            Enabled = enabled,
            OffVariation = null,
            Salt = targeting.Salt == source.Key ? null : targeting.Salt,
            Rules = targeting.Rules,
            Fallthrough = ServeDefinition.Of(defaultVariant ?? variations[0].Key),
        };
    }

    private static bool IsEmpty(JsonElement targeting) =>
        targeting.ValueKind == JsonValueKind.Null || (targeting.ValueKind == JsonValueKind.Object && !targeting.EnumerateObject().MoveNext());

    /// <summary><c>description</c> (a string) becomes the description; <c>tags</c> (a comma-separated string) the tags.</summary>
    private static (string? Description, IReadOnlyList<string> Tags) ReadMetadata(JsonElement definition)
    {
        if (!definition.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return (null, []);
        }

        string? description = metadata.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        IReadOnlyList<string> tags = metadata.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.String
            ? [.. list.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [];
        return (description, tags);
    }

    private void Fail(string path, string message) => errors.Add(new ValidationError(path, message));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
