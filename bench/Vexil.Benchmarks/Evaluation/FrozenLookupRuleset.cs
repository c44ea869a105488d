using System.Collections.Frozen;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Benchmarks.Evaluation;

/// <summary>
/// The evaluation path <c>CompiledRuleset</c> had before its flag table became a persistent hash trie: the same
/// steps (null key, lookup, type check, guarded evaluation, typed detail) over a <see cref="FrozenDictionary{TKey, TValue}"/>
/// of the same compiled flags. Kept so that the lookup can be compared with its predecessor in one run.
/// </summary>
internal sealed class FrozenLookupRuleset(CompiledRuleset ruleset)
{
    private readonly FrozenDictionary<string, CompiledFlag> _flags = ruleset.Flags.ToFrozenDictionary(StringComparer.Ordinal);

    public EvaluationDetail<bool> EvaluateBoolean(string key, EvaluationContext context, bool defaultValue)
    {
        var result = EvaluateTyped(key, context, FlagValueType.Boolean);
        return new(result.HasValue ? result.Variation!.Value.AsBoolean : defaultValue, result.VariationKey, result.Reason, result.Detail, result.ErrorCode, result.ErrorMessage, result.FlagVersion, result.Flag?.Metadata ?? FlagMetadata.Empty);
    }

    private EvaluationResult EvaluateTyped(string key, EvaluationContext context, FlagValueType type)
    {
        if (key is null || !_flags.TryGetValue(key, out var flag))
        {
            return EvaluationResult.Failure(null, ErrorCode.FlagNotFound, "No flag has this key.");
        }

        if (flag.Type != type)
        {
            return EvaluationResult.Failure(flag, ErrorCode.TypeMismatch, "The flag's type is not the requested type.");
        }

        try
        {
            return flag.Evaluate(context ?? EvaluationContext.Empty);
        }
        catch (Exception)
        {
            return EvaluationResult.Failure(flag, ErrorCode.General, "The evaluation failed unexpectedly.");
        }
    }
}
