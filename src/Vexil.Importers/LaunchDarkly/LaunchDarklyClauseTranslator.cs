using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Core.Operators;

namespace Vexil.Importers.LaunchDarkly;

/// <summary>
/// Translates LaunchDarkly clauses into clauses with a context kind: the attribute becomes an attribute reference (a
/// literal of pre-kind data is escaped), and values that LaunchDarkly's operator can never match (other JSON types)
/// are dropped, which changes nothing.
/// </summary>
internal sealed class LaunchDarklyClauseTranslator(Refusals refusals, ISet<string>? documentSegments = null)
{
    public ClauseDefinition? Translate(JsonElement clause, string path, bool segmentRule)
    {
        var op = JsonValues.String(clause, "op");
        var kind = JsonValues.String(clause, "contextKind");
        var negate = JsonValues.IsTrue(clause, "negate");
        var values = JsonValues.Array(clause, "values");
        if (op == "segmentMatch")
        {
            if (segmentRule)
            {
                return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "op"), "a segment rule that refers to other segments has no native form");
            }

            var keys = new List<JsonElement>();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].ValueKind != JsonValueKind.String)
                {
                    return refusals.Refuse<ClauseDefinition>(Refusals.Index(Refusals.Property(path, "values"), i), "a segment key must be a string");
                }

                // A segment that is not in the document matches no one in LaunchDarkly: leaving it out is exact.
                if (documentSegments is null || documentSegments.Contains(values[i].GetString()!))
                {
                    keys.Add(values[i].Clone());
                }
            }

            if (keys.Count == 0)
            {
                // No segment to match: LaunchDarkly's answer is the constant `negate`, which a kind clause with no value gives.
                return new ClauseDefinition("kind", "in", [], negate, "user");
            }

            return new ClauseDefinition(EvaluationContext.TargetingKeyAttribute, "segmentMatch", keys, negate);
        }

        var native = op switch
        {
            "in" => "in",
            "startsWith" => "startsWith",
            "endsWith" => "endsWith",
            "contains" => "contains",
            "matches" => "ld:matches",
            "lessThan" => "lt",
            "lessThanOrEqual" => "lte",
            "greaterThan" => "gt",
            "greaterThanOrEqual" => "gte",
            "before" => "ld:before",
            "after" => "ld:after",
            "semVerEqual" => "ld:semVerEqual",
            "semVerLessThan" => "ld:semVerLessThan",
            "semVerGreaterThan" => "ld:semVerGreaterThan",
            _ => null,
        };
        if (native is null)
        {
            return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "op"), $"unknown operator '{op}'");
        }

        var attribute = Reference(JsonValues.String(clause, "attribute"), literal: kind is null);
        if (attribute is null)
        {
            return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "attribute"), "a missing or invalid attribute reference is an error in LaunchDarkly");
        }

        var kept = new List<JsonElement>();
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            var usable = op switch
            {
                "in" => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
                "lessThan" or "lessThanOrEqual" or "greaterThan" or "greaterThanOrEqual" => value.ValueKind == JsonValueKind.Number,
                "before" or "after" => value.ValueKind is JsonValueKind.Number or JsonValueKind.String,
                _ => value.ValueKind == JsonValueKind.String,
            };
            if (!usable)
            {
                continue;
            }

            if (op == "matches" && !EcmaScriptPattern.TryTranslate(value.GetString()!, false, out _, out var error, out var invalid) && !invalid)
            {
                return refusals.Refuse<ClauseDefinition>(Refusals.Index(Refusals.Property(path, "values"), i), error!);
            }

            kept.Add(value.Clone());
        }

        return new ClauseDefinition(attribute, native, kept, negate, kind ?? "user");
    }

    /// <summary>An attribute reference as Vexil writes it: a literal (data from before context kinds) starting with '/' is escaped.</summary>
    public static string? Reference(string? attribute, bool literal)
    {
        if (string.IsNullOrEmpty(attribute))
        {
            return null;
        }

        if (literal && attribute.StartsWith('/'))
        {
            attribute = "/" + attribute.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
        }

        if (literal && attribute == "_meta")
        {
            return null;
        }

        return LaunchDarklyAttribute.TryParse(attribute, out _) ? attribute : null;
    }
}
