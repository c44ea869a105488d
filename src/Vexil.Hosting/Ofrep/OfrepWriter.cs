using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Hosting.Ofrep;

/// <summary>Writes OFREP bodies: evaluation successes and failures, bulk results, request failures.</summary>
internal static class OfrepWriter
{
    public const string ParseError = "PARSE_ERROR";
    public const string TargetingKeyMissing = "TARGETING_KEY_MISSING";
    public const string InvalidContext = "INVALID_CONTEXT";
    public const string FlagNotFound = "FLAG_NOT_FOUND";
    public const string General = "GENERAL";

    /// <summary>OpenFeature's reason for a Vexil reason.</summary>
    public static string Reason(EvaluationReason reason) => reason switch
    {
        EvaluationReason.Static => "STATIC",
        EvaluationReason.TargetingMatch => "TARGETING_MATCH",
        EvaluationReason.Split => "SPLIT",
        EvaluationReason.Disabled => "DISABLED",
        EvaluationReason.Default => "DEFAULT",
        EvaluationReason.Error => "ERROR",
        _ => "UNKNOWN",
    };

    /// <summary>OFREP's error code for a Vexil error code (a type mismatch cannot happen: OFREP requests carry no type).</summary>
    public static string Error(ErrorCode code) => code switch
    {
        ErrorCode.FlagNotFound => FlagNotFound,
        ErrorCode.ParseError => ParseError,
        ErrorCode.TargetingKeyMissing => TargetingKeyMissing,
        ErrorCode.InvalidContext => InvalidContext,
        _ => General,
    };

    /// <summary>One flag's evaluation: a success (<c>value</c> omitted when no variation applies, ADR 0006) or a failure.</summary>
    public static void WriteEvaluation(Utf8JsonWriter writer, string key, in EvaluationResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        if (result.Reason == EvaluationReason.Error)
        {
            writer.WriteString("errorCode", Error(result.ErrorCode));
            writer.WriteString("errorDetails", result.ErrorMessage ?? "The evaluation failed.");
        }
        else
        {
            writer.WriteString("reason", Reason(result.Reason));
            var variation = result.Variation;
            if (variation is not null)
            {
                writer.WriteString("variant", variation.Key);
                writer.WritePropertyName("value");
                variation.Value.WriteTo(writer);
            }
        }

        WriteMetadata(writer, result.Variation?.Metadata ?? result.Flag?.Metadata);
        writer.WriteEndObject();
    }

    /// <summary>A single evaluation's whole body.</summary>
    public static byte[] Single(string key, in EvaluationResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteEvaluation(writer, key, result);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Every flag of the ruleset, evaluated for one context; with the caller's change stream when there is one
    /// (<c>eventStreams</c>, ADR 0008); each evaluation counted by the recorder when there is one (the edge's own summaries).
    /// </summary>
    public static byte[] Bulk(CompiledRuleset ruleset, EvaluationContext context, string? eventStreamUri = null, IOfrepEvaluationRecorder? recorder = null, IServiceProvider? services = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("flags");
            foreach (var key in ruleset.Flags.Keys)
            {
                var result = ruleset.Evaluate(key, context);
                recorder?.Record(in result);
                if (result.Detail.Kind == ReasonKind.RegexTimeout && services is not null)
                {
                    OfrepMetrics.Undecided(services, key, in result);
                }

                WriteEvaluation(writer, key, result);
            }

            writer.WriteEndArray();
            if (eventStreamUri is not null)
            {
                writer.WriteStartArray("eventStreams");
                writer.WriteStartObject();
                writer.WriteString("type", "sse");
                writer.WriteStartObject("endpoint");
                writer.WriteString("requestUri", eventStreamUri);
                writer.WriteEndObject();
                writer.WriteNumber("inactivityDelaySec", OfrepEventsApi.InactivityDelaySeconds);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            WriteMetadata(writer, ruleset.Metadata);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A request-level failure: <c>{"key"?, "errorCode", "errorDetails"}</c>.</summary>
    public static byte[] Failure(string? key, string code, string details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (key is not null)
            {
                writer.WriteString("key", key);
            }

            writer.WriteString("errorCode", code);
            writer.WriteString("errorDetails", details);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, FlagMetadata? metadata)
    {
        if (metadata is null || metadata.Entries.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("metadata");
        foreach (var (name, value) in metadata.Entries)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
