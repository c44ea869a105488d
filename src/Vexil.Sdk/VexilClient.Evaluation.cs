using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Sdk.Diagnostics;

namespace Vexil.Sdk;

/// <summary>Typed evaluation: never throws, never blocks, never allocates.</summary>
public sealed partial class VexilClient
{
    /// <summary>The value of a boolean flag for a context, or <paramref name="defaultValue"/>.</summary>
    public bool GetBoolean(string key, bool defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Boolean);
        return result.HasValue ? result.Variation!.Value.AsBoolean : defaultValue;
    }

    /// <summary>The value of a string flag for a context, or <paramref name="defaultValue"/>.</summary>
    public string GetString(string key, string defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.String);
        return result.HasValue ? result.Variation!.Value.AsString! : defaultValue;
    }

    /// <summary>The value of a number flag for a context, or <paramref name="defaultValue"/>.</summary>
    public double GetNumber(string key, double defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Number);
        return result.HasValue ? result.Variation!.Value.AsNumber : defaultValue;
    }

    /// <summary>The value of an object flag for a context, or <paramref name="defaultValue"/>.</summary>
    public JsonElement GetObject(string key, JsonElement defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Object);
        return result.HasValue ? result.Variation!.Value.AsObject : defaultValue;
    }

    /// <summary>A boolean flag's value with its variation, reason and error.</summary>
    public EvaluationDetail<bool> GetBooleanDetails(string key, bool defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Boolean);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsBoolean : defaultValue);
    }

    /// <summary>A string flag's value with its variation, reason and error.</summary>
    public EvaluationDetail<string> GetStringDetails(string key, string defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.String);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsString! : defaultValue);
    }

    /// <summary>A number flag's value with its variation, reason and error.</summary>
    public EvaluationDetail<double> GetNumberDetails(string key, double defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Number);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsNumber : defaultValue);
    }

    /// <summary>An object flag's value with its variation, reason and error.</summary>
    public EvaluationDetail<JsonElement> GetObjectDetails(string key, JsonElement defaultValue, EvaluationContext? context = null)
    {
        var result = Evaluate(key, context, FlagValueType.Object);
        return Detail(result, result.HasValue ? result.Variation!.Value.AsObject : defaultValue);
    }

    /// <summary>
    /// Every flag evaluated for one context (to bootstrap a front end). Flags that serve no variation (off without an
    /// off variation) are left out. Allocates; not counted in evaluation summaries.
    /// </summary>
    public IReadOnlyDictionary<string, EvaluationDetail<FlagValue>> AllFlags(EvaluationContext? context = null)
    {
        var snapshot = _store.Current;
        var all = new Dictionary<string, EvaluationDetail<FlagValue>>(snapshot.Slots.Count, StringComparer.Ordinal);
        foreach (var leaf in snapshot.Slots)
        {
            var slot = leaf.Value;
            EvaluationResult result;
            try
            {
                result = slot.Flag.Evaluate(context ?? EvaluationContext.Empty);
            }
            catch (Exception)
            {
                continue;
            }

            if (result.HasValue)
            {
                all[slot.Flag.Key] = Detail(result, result.Variation!.Value);
            }
        }

        return all;
    }

    /// <summary>Evaluates on the current snapshot; an evaluation a regular expression's time bound left undecided is logged and counted.</summary>
    private EvaluationResult Evaluate(string key, EvaluationContext? context, FlagValueType type)
    {
        var result = _store.Current.Evaluate(key, context, type);
        if (result.Detail.Kind == ReasonKind.RegexTimeout)
        {
            _metrics.Undecided();
            _logger.RegexTimedOut(key, result.Detail.RuleId);
        }

        if (_telemetry.IsEnabled)
        {
            _telemetry.Record(key, context, result);
        }

        return result;
    }

    private static EvaluationDetail<T> Detail<T>(in EvaluationResult result, T value) =>
        new(value, result.VariationKey, result.Reason, result.Detail, result.ErrorCode, result.ErrorMessage, result.FlagVersion, result.Variation?.Metadata ?? result.Flag?.Metadata ?? FlagMetadata.Empty);
}
