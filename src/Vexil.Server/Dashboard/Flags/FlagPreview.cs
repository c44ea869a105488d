using System.Globalization;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>Evaluates a flag for a context a person typed, on the environment's current compiled ruleset, and says why.</summary>
internal static class FlagPreview
{
    public const string DefaultContext = """{ "targetingKey": "user-1", "email": "ada@example.com" }""";

    public static PreviewModel Run(CompiledRuleset? ruleset, string flag, string? contextJson)
    {
        if (string.IsNullOrWhiteSpace(contextJson))
        {
            return new PreviewModel(DefaultContext, false, null, null, null, null, null);
        }

        if (ruleset is null)
        {
            return Failed(contextJson, "The environment's ruleset could not be compiled.");
        }

        EvaluationContext context;
        try
        {
            using var document = JsonDocument.Parse(contextJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Failed(contextJson, "The context must be a JSON object, e.g. { \"targetingKey\": \"user-1\" }.");
            }

            context = EvaluationContext.FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            return Failed(contextJson, "The context is not valid JSON: " + e.Message);
        }
        catch (FormatException e)
        {
            return Failed(contextJson, e.Message);
        }

        var result = ruleset.Evaluate(flag, context);
        var variation = result.VariationKey;
        var value = result.Variation?.Value.ToString();
        return new PreviewModel(contextJson, true, result.ErrorCode == ErrorCode.None ? null : result.ErrorMessage, value, variation, OfrepWriter.Reason(result.Reason), Explain(result));
    }

    private static PreviewModel Failed(string json, string error) => new(json, true, error, null, null, null, null);

    private static string Explain(EvaluationResult result)
    {
        var d = result.Detail;
        var bucket = d.Bucket >= 0 ? $" The context fell in bucket {d.Bucket.ToString("N0", CultureInfo.InvariantCulture)} of 100,000 of the rollout." : string.Empty;
        return d.Kind switch
        {
            ReasonKind.Off => "The flag is off in this environment, so it serves its off variation.",
            ReasonKind.Target => $"The context's key is an individual target of '{result.VariationKey}'.",
            ReasonKind.Rule => $"Rule {d.RuleIndex + 1} ({d.RuleId}) is the first rule whose clauses all match.{bucket}",
            ReasonKind.Fallthrough => $"No individual target or rule matched, so the fallthrough decides.{bucket}",
            ReasonKind.PrerequisiteFailed => $"The prerequisite '{d.PrerequisiteKey}' did not serve the required variation, so the flag serves its off variation.",
            _ => result.ErrorMessage ?? "The flag's own targeting decided.",
        };
    }
}
