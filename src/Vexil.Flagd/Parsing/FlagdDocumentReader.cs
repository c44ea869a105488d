using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Parsing;

/// <summary>
/// Reads the top level of flagd documents: <c>flags</c> (an object by key, or flagd's array form with <c>key</c>),
/// <c>$evaluators</c> and <c>metadata</c>. Later documents override flags and evaluators of the same name; each
/// document's metadata applies to its own flags.
/// </summary>
internal sealed class FlagdDocumentReader(List<ValidationError> errors)
{
    /// <summary>The flags by key, in first-seen order (a later definition replaces an earlier one).</summary>
    public Dictionary<string, FlagSource> Flags { get; } = new(StringComparer.Ordinal);

    /// <summary>The shared evaluators by name.</summary>
    public Dictionary<string, EvaluatorDefinition> Evaluators { get; } = new(StringComparer.Ordinal);

    /// <summary>The flag-set metadata of all documents merged (later documents win).</summary>
    public Dictionary<string, ContextValue> SetMetadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads one document; false when it is not a flag set at all.</summary>
    public bool Read(JsonElement root, string prefix)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(prefix, "a flagd document must be a JSON object"));
            return false;
        }

        var documentMetadata = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var metadata))
        {
            MetadataReader.Read(metadata, Join(prefix, "metadata"), documentMetadata, errors);
            foreach (var pair in documentMetadata)
            {
                SetMetadata[pair.Key] = pair.Value;
            }
        }

        if (root.TryGetProperty("$evaluators", out var evaluators))
        {
            ReadEvaluators(evaluators, Join(prefix, "$evaluators"));
        }

        if (!root.TryGetProperty("flags", out var flags))
        {
            errors.Add(new ValidationError(prefix, "a flagd document must have 'flags'"));
            return false;
        }

        var flagsPath = Join(prefix, "flags");
        switch (flags.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var flag in flags.EnumerateObject())
                {
                    AddFlag(flag.Name, flag.Value, $"{flagsPath}.{flag.Name}", documentMetadata);
                }

                return true;
            case JsonValueKind.Array:
                ReadFlagArray(flags, flagsPath, documentMetadata);
                return true;
            default:
                errors.Add(new ValidationError(flagsPath, "'flags' must be an object of flags by key"));
                return false;
        }
    }

    private void ReadEvaluators(JsonElement evaluators, string path)
    {
        if (evaluators.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "$evaluators must be an object of expressions by name"));
            return;
        }

        foreach (var evaluator in evaluators.EnumerateObject())
        {
            Evaluators[evaluator.Name] = new EvaluatorDefinition(evaluator.Value, $"{path}.{evaluator.Name}");
        }
    }

    private void ReadFlagArray(JsonElement flags, string path, Dictionary<string, ContextValue> documentMetadata)
    {
        var i = 0;
        foreach (var flag in flags.EnumerateArray())
        {
            var flagPath = $"{path}[{i++}]";
            if (flag.ValueKind != JsonValueKind.Object
                || !flag.TryGetProperty("key", out var key)
                || key.ValueKind != JsonValueKind.String
                || key.GetString() is not { Length: > 0 } name)
            {
                errors.Add(new ValidationError(flagPath, "a flag in the array form needs a non-empty string 'key'"));
                continue;
            }

            AddFlag(name, flag, flagPath, documentMetadata);
        }
    }

    private void AddFlag(string key, JsonElement definition, string path, Dictionary<string, ContextValue> documentMetadata)
    {
        if (key.Length == 0)
        {
            errors.Add(new ValidationError(path, "a flag key must not be empty"));
            return;
        }

        Flags[key] = new FlagSource(key, definition, path, documentMetadata);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
