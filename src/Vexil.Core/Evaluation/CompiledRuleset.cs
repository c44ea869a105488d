using System.Text.Json;
using Vexil.Core.Collections;
using Vexil.Core.Context;

namespace Vexil.Core.Evaluation;

/// <summary>
/// All flags of one environment at one version, compiled: an immutable object that any number of threads read
/// without locks. Replace it whole (an atomic reference swap) to apply a change; a native ruleset derives the next
/// version with <see cref="Compilation.RulesetCompiler.Apply"/>, sharing everything the change does not touch.
/// </summary>
public sealed partial class CompiledRuleset
{
    private const string NotFoundMessage = "No flag has this key.";
    private const string TypeMismatchMessage = "The flag's type is not the requested type.";
    private const string GeneralMessage = "The evaluation failed unexpectedly.";

    private readonly HashTrie<CompiledFlagEntry> _flags;

    /// <summary>
    /// Creates a ruleset from compiled flags (keys must be unique). It keeps no definitions, so
    /// <see cref="CanApplyChanges"/> is false: a change to it is a new ruleset.
    /// </summary>
    public CompiledRuleset(string environment, long version, IEnumerable<CompiledFlag> flags, FlagMetadata? metadata = null)
        : this(environment, version, Table(flags), index: null, metadata)
    {
    }

    /// <summary>An empty ruleset at version 0 (with no definitions to keep, so changes apply to it).</summary>
    public static CompiledRuleset Empty { get; } = new(string.Empty, 0, HashTrie<CompiledFlagEntry>.Empty, Compilation.DefinitionIndex.Empty);

    /// <summary>The environment's key.</summary>
    public string Environment { get; }

    /// <summary>The environment version this ruleset represents.</summary>
    public long Version { get; }

    /// <summary>Metadata that applies to every flag of the set (flagd's flag-set metadata).</summary>
    public FlagMetadata Metadata { get; }

    /// <summary>The flags, by key.</summary>
    public CompiledFlagTable Flags { get; }

    /// <summary>Finds a flag by key.</summary>
    public bool TryGetFlag(string key, out CompiledFlag flag)
    {
        var leaf = key is null ? null : _flags.Find(key);
        flag = leaf?.Value.Flag!;
        return leaf is not null;
    }

    /// <summary>Evaluates a flag by key. Never throws.</summary>
    public EvaluationResult Evaluate(string key, EvaluationContext context)
    {
        if (key is null || _flags.Find(key) is not { } leaf)
        {
            return EvaluationResult.Failure(null, ErrorCode.FlagNotFound, NotFoundMessage);
        }

        return SafeEvaluate(leaf.Value.Flag, context);
    }

    /// <summary>Evaluates a boolean flag; the default serves on error or when no variation applies.</summary>
    public EvaluationDetail<bool> EvaluateBoolean(string key, EvaluationContext context, bool defaultValue)
    {
        var result = EvaluateTyped(key, context, FlagValueType.Boolean);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsBoolean : defaultValue);
    }

    /// <summary>Evaluates a string flag.</summary>
    public EvaluationDetail<string> EvaluateString(string key, EvaluationContext context, string defaultValue)
    {
        var result = EvaluateTyped(key, context, FlagValueType.String);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsString! : defaultValue);
    }

    /// <summary>Evaluates a number flag.</summary>
    public EvaluationDetail<double> EvaluateNumber(string key, EvaluationContext context, double defaultValue)
    {
        var result = EvaluateTyped(key, context, FlagValueType.Number);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsNumber : defaultValue);
    }

    /// <summary>Evaluates an object flag.</summary>
    public EvaluationDetail<JsonElement> EvaluateObject(string key, EvaluationContext context, JsonElement defaultValue)
    {
        var result = EvaluateTyped(key, context, FlagValueType.Object);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsObject : defaultValue);
    }

    private EvaluationResult EvaluateTyped(string key, EvaluationContext context, FlagValueType type)
    {
        if (key is null || _flags.Find(key) is not { } leaf)
        {
            return EvaluationResult.Failure(null, ErrorCode.FlagNotFound, NotFoundMessage);
        }

        var flag = leaf.Value.Flag;
        if (flag.Type != type)
        {
            return EvaluationResult.Failure(flag, ErrorCode.TypeMismatch, TypeMismatchMessage);
        }

        return SafeEvaluate(flag, context);
    }

    private static EvaluationResult SafeEvaluate(CompiledFlag flag, EvaluationContext context)
    {
        try
        {
            return flag.Evaluate(context ?? EvaluationContext.Empty);
        }
        catch (Exception)
        {
            // A compiled flag must not throw; if one does, the caller still gets its default.
            return EvaluationResult.Failure(flag, ErrorCode.General, GeneralMessage);
        }
    }

    private static EvaluationDetail<T> Detail<T>(in EvaluationResult result, T value) =>
        new(value, result.VariationKey, result.Reason, result.Detail, result.ErrorCode, result.ErrorMessage, result.FlagVersion, result.Variation?.Metadata ?? result.Flag?.Metadata ?? FlagMetadata.Empty);
}
