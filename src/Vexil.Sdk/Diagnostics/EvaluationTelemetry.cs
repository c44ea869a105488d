using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.Diagnostics;

/// <summary>
/// Evaluations in OpenTelemetry's feature-flag semantic conventions: the <c>feature_flag.evaluations</c> counter (by
/// key, variant and reason; counted only while a listener subscribes to it) and, when
/// <see cref="Configuration.VexilOptions.EvaluationEvents"/> is on, one <c>feature_flag.evaluation</c> event per
/// evaluation — a log record (event id name <c>feature_flag.evaluation</c>, attributes as its state) and a span event
/// on the current activity when it is recorded. With neither, the evaluation path pays one check.
/// </summary>
internal sealed class EvaluationTelemetry
{
    private static readonly EventId EventId = new(16, VexilTelemetry.EvaluationEventName);
    private readonly Counter<long> _evaluations;
    private readonly ILogger _logger;
    private readonly bool _events;

    public EvaluationTelemetry(Counter<long> evaluations, ILogger logger, bool events)
    {
        _evaluations = evaluations;
        _logger = logger;
        _events = events;
    }

    /// <summary>True when something listens: the only cost an evaluation pays otherwise.</summary>
    public bool IsEnabled => _events || _evaluations.Enabled;

    public void Record(string key, EvaluationContext? context, in EvaluationResult result)
    {
        var variant = result.VariationKey;
        var reason = Reason(result.Reason);
        if (_evaluations.Enabled)
        {
            // A TagList of up to eight tags lives on the stack: counting allocates nothing.
            var tags = new TagList
            {
                { VexilTelemetry.KeyAttribute, key },
                { VexilTelemetry.ReasonAttribute, reason },
                { VexilTelemetry.ProviderNameAttribute, VexilTelemetry.ProviderName },
            };
            if (variant is not null)
            {
                tags.Add(VexilTelemetry.VariantAttribute, variant);
            }

            if (ErrorType(result.ErrorCode) is { } error)
            {
                tags.Add(VexilTelemetry.ErrorTypeAttribute, error);
            }

            _evaluations.Add(1, in tags);
        }

        if (_events)
        {
            Emit(key, context, result, variant, reason);
        }
    }

    /// <summary>The semantic conventions' well-known reason values.</summary>
    public static string Reason(EvaluationReason reason) => reason switch
    {
        EvaluationReason.Static => "static",
        EvaluationReason.TargetingMatch => "targeting_match",
        EvaluationReason.Split => "split",
        EvaluationReason.Disabled => "disabled",
        EvaluationReason.Default => "default",
        EvaluationReason.Error => "error",
        _ => "unknown",
    };

    /// <summary>The error's <c>error.type</c> (the OpenFeature error code, lower case), or null.</summary>
    public static string? ErrorType(ErrorCode code) => code switch
    {
        ErrorCode.None => null,
        ErrorCode.FlagNotFound => "flag_not_found",
        ErrorCode.TypeMismatch => "type_mismatch",
        ErrorCode.ParseError => "parse_error",
        ErrorCode.TargetingKeyMissing => "targeting_key_missing",
        ErrorCode.InvalidContext => "invalid_context",
        _ => "general",
    };

    private void Emit(string key, EvaluationContext? context, in EvaluationResult result, string? variant, string reason)
    {
        var attributes = new List<KeyValuePair<string, object?>>(8)
        {
            new(VexilTelemetry.KeyAttribute, key),
            new(VexilTelemetry.ProviderNameAttribute, VexilTelemetry.ProviderName),
            new(VexilTelemetry.ReasonAttribute, reason),
        };
        if (variant is not null)
        {
            attributes.Add(new(VexilTelemetry.VariantAttribute, variant));
        }

        if (context?.TargetingKey is { } id)
        {
            attributes.Add(new(VexilTelemetry.ContextIdAttribute, id));
        }

        if (result.Flag is not null)
        {
            attributes.Add(new(VexilTelemetry.FlagVersionAttribute, result.FlagVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (ErrorType(result.ErrorCode) is { } error)
        {
            attributes.Add(new(VexilTelemetry.ErrorTypeAttribute, error));
            attributes.Add(new(VexilTelemetry.ErrorMessageAttribute, result.ErrorMessage));
        }

        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(VexilTelemetry.EvaluationEventName, tags: new ActivityTagsCollection(attributes)));
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.Log(LogLevel.Information, EventId, new EvaluationEventState(attributes), null, static (state, _) => state.ToString());
        }
    }
}
