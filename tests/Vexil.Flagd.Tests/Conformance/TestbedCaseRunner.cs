using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Flagd.Tests.Conformance;

/// <summary>Runs one testbed case in-process and lists every way the outcome differs from the expectation.</summary>
public static class TestbedCaseRunner
{
    public static IReadOnlyList<string> Run(TestbedCase testCase)
    {
        var ruleset = Testbed.Ruleset(testCase.FlagsFile);
        var context = EvaluationContext.FromJson(testCase.Context);
        var expect = testCase.Expect;
        var problems = new List<string>();

        Outcome outcome = testCase.Type switch
        {
            "Boolean" => Outcome.From(ruleset.EvaluateBoolean(testCase.FlagKey, context, testCase.Default.GetBoolean()), v => JsonSerializer.SerializeToElement(v)),
            "String" => Outcome.From(ruleset.EvaluateString(testCase.FlagKey, context, testCase.Default.GetString()!), v => JsonSerializer.SerializeToElement(v)),
            "Integer" or "Float" => Outcome.From(ruleset.EvaluateNumber(testCase.FlagKey, context, testCase.Default.GetDouble()), v => JsonSerializer.SerializeToElement(v)),
            "Object" => Outcome.From(ruleset.EvaluateObject(testCase.FlagKey, context, testCase.Default), v => v),
            _ => throw new InvalidOperationException($"unknown case type {testCase.Type}"),
        };

        if (expect.TryGetProperty("value", out var value))
        {
            if (!JsonElement.DeepEquals(value, outcome.Value) && !NumbersEqual(value, outcome.Value))
            {
                problems.Add($"value: expected {value.GetRawText()}, got {outcome.Value.GetRawText()}");
            }

            if (testCase.Type == "Integer" && outcome.Value.ValueKind == JsonValueKind.Number && outcome.Value.GetDouble() % 1 != 0)
            {
                problems.Add($"value: an Integer case got the non-integral {outcome.Value.GetRawText()}");
            }
        }

        Compare(problems, expect, "reason", ReasonText(outcome.Reason));
        Compare(problems, expect, "errorCode", ErrorCodeText(outcome.ErrorCode));
        Compare(problems, expect, "variant", outcome.Variant ?? string.Empty);

        if (expect.TryGetProperty("metadata", out var metadata))
        {
            foreach (var entry in metadata.EnumerateObject())
            {
                if (!outcome.Metadata.Entries.TryGetValue(entry.Name, out var actual) || !MetadataEquals(entry.Value, actual))
                {
                    problems.Add($"metadata.{entry.Name}: expected {entry.Value.GetRawText()}, got {(outcome.Metadata.Entries.ContainsKey(entry.Name) ? actual.ToString() : "nothing")}");
                }
            }
        }

        if (expect.TryGetProperty("metadataEmpty", out var empty) && empty.GetBoolean() && outcome.Metadata.Entries.Count != 0)
        {
            problems.Add($"metadata: expected none, got {string.Join(", ", outcome.Metadata.Entries.Keys)}");
        }

        return problems;
    }

    public static string ReasonText(EvaluationReason reason) => reason switch
    {
        EvaluationReason.Static => "STATIC",
        EvaluationReason.TargetingMatch => "TARGETING_MATCH",
        EvaluationReason.Split => "SPLIT",
        EvaluationReason.Disabled => "DISABLED",
        EvaluationReason.Default => "DEFAULT",
        _ => "ERROR",
    };

    public static string ErrorCodeText(ErrorCode code) => code switch
    {
        ErrorCode.None => string.Empty,
        ErrorCode.FlagNotFound => "FLAG_NOT_FOUND",
        ErrorCode.TypeMismatch => "TYPE_MISMATCH",
        ErrorCode.ParseError => "PARSE_ERROR",
        ErrorCode.TargetingKeyMissing => "TARGETING_KEY_MISSING",
        ErrorCode.InvalidContext => "INVALID_CONTEXT",
        _ => "GENERAL",
    };

    private static void Compare(List<string> problems, JsonElement expect, string name, string actual)
    {
        if (expect.TryGetProperty(name, out var expected) && expected.GetString() != actual)
        {
            problems.Add($"{name}: expected '{expected.GetString()}', got '{actual}'");
        }
    }

    private static bool NumbersEqual(JsonElement expected, JsonElement actual) =>
        expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number && expected.GetDouble() == actual.GetDouble();

    private static bool MetadataEquals(JsonElement expected, ContextValue actual) => expected.ValueKind switch
    {
        JsonValueKind.String => actual.AsString == expected.GetString(),
        JsonValueKind.Number => actual.AsNumber == expected.GetDouble(),
        JsonValueKind.True or JsonValueKind.False => actual.Kind == ContextValueKind.Boolean && actual.AsBoolean == expected.GetBoolean(),
        _ => false,
    };

    private sealed record Outcome(JsonElement Value, string? Variant, EvaluationReason Reason, ErrorCode ErrorCode, FlagMetadata Metadata)
    {
        public static Outcome From<T>(EvaluationDetail<T> detail, Func<T, JsonElement> toJson) =>
            new(toJson(detail.Value), detail.VariationKey, detail.Reason, detail.ErrorCode, detail.Metadata);
    }
}
