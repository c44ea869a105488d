using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Operators;

namespace Vexil.Importers.Unleash;

/// <summary>
/// Translates Unleash constraints into <c>unleash:</c> clauses: the values cleaned as the Node SDK cleans them
/// (empty ones dropped, JavaScript-trimmed), a single value kept as Unleash reads it (<c>Number(null)</c> is 0,
/// <c>new Date(null)</c> the epoch).
/// </summary>
internal static class UnleashConstraintTranslator
{
    private static readonly HashSet<string> Operators = ["IN", "NOT_IN", "STR_ENDS_WITH", "STR_STARTS_WITH", "STR_CONTAINS", "NUM_EQ", "NUM_GT", "NUM_GTE", "NUM_LT", "NUM_LTE", "DATE_AFTER", "DATE_BEFORE", "SEMVER_EQ", "SEMVER_GT", "SEMVER_LT", "SEMVER_GTE", "SEMVER_LTE", "REGEX", "IN_CIDR"];

    // A field name that JavaScript finds on every object (Unleash reads context[field]).
    private static readonly HashSet<string> Inherited = ["constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"];

    /// <summary>True when Unleash's strategy can never apply because of this constraint (null, or an unknown operator).</summary>
    public static bool NeverHolds(JsonElement constraint) =>
        constraint.ValueKind != JsonValueKind.Object || JsonValues.String(constraint, "operator") is not { } op || !Operators.Contains(op);

    public static ClauseDefinition? Translate(JsonElement constraint, string path, Refusals refusals)
    {
        if (constraint.ValueKind != JsonValueKind.Object)
        {
            return refusals.Refuse<ClauseDefinition>(path, "an empty constraint makes Unleash's strategy never apply");
        }

        var field = JsonValues.String(constraint, "contextName");
        if (field is null || field is "properties" or "targetingKey" || Inherited.Contains(field))
        {
            return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "contextName"), field is null
                ? "a constraint needs a contextName"
                : $"'{field}' is not a context field Vexil's contexts can give Unleash (targetingKey is Unleash's userId)");
        }

        var op = JsonValues.String(constraint, "operator");
        if (op is null || !Operators.Contains(op))
        {
            return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "operator"), $"unknown operator '{op}' (Unleash's strategy then never applies)");
        }

        var inverted = JsonValues.IsTrue(constraint, "inverted");
        var caseInsensitive = JsonValues.IsTrue(constraint, "caseInsensitive");
        List<JsonElement> values;
        if (op is "IN" or "NOT_IN" or "STR_ENDS_WITH" or "STR_STARTS_WITH" or "STR_CONTAINS" or "IN_CIDR")
        {
            if (!JsonValues.TryGet(constraint, "values", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "values"), "this operator needs values (Unleash fails without them)");
            }

            values = [];
            var i = 0;
            foreach (var value in array.EnumerateArray())
            {
                var at = Refusals.Index(Refusals.Property(path, "values"), i++);
                if (value.ValueKind is JsonValueKind.Null or JsonValueKind.False || (value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0) || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    return refusals.Refuse<ClauseDefinition>(at, "a value must be a string (Unleash fails on others)");
                }

                values.Add(JsonValues.Of(JsText.Trim(value.GetString()).ToString()));
            }
        }
        else
        {
            var present = constraint.TryGetProperty("value", out var raw);
            values = [Single(op, present ? raw : default, present, path, refusals) ?? default];
            if (values[0].ValueKind == JsonValueKind.Undefined)
            {
                return null;
            }

            if (op == "REGEX" && !Re2Pattern.TryTranslate(values[0].GetString()!, caseInsensitive, out _, out var error, out var invalid) && !invalid)
            {
                return refusals.Refuse<ClauseDefinition>(Refusals.Property(path, "value"), error!);
            }
        }

        return new ClauseDefinition(field, "unleash:" + op, values, inverted, CaseInsensitive: caseInsensitive);
    }

    private static JsonElement? Single(string op, JsonElement value, bool present, string path, Refusals refusals)
    {
        var at = Refusals.Property(path, "value");
        if (op.StartsWith("NUM_", StringComparison.Ordinal))
        {
            // Number(x): null is 0, true 1, false 0, a string parsed, anything else (or nothing) NaN.
            return !present ? JsonValues.Write(w => w.WriteNullValue())
                : value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.False => JsonValues.Write(w => w.WriteNumberValue(0)),
                    JsonValueKind.True => JsonValues.Write(w => w.WriteNumberValue(1)),
                    JsonValueKind.Number or JsonValueKind.String => value.Clone(),
                    _ => JsonValues.Write(w => w.WriteNullValue()),
                };
        }

        if (op.StartsWith("DATE_", StringComparison.Ordinal))
        {
            // new Date(x): null is the epoch, a number Unix milliseconds, a string a date-time.
            if (!present)
            {
                return JsonValues.Write(w => w.WriteNullValue());
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                return JsonValues.Write(w => w.WriteNumberValue(0));
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return JsonValues.Write(w => w.WriteNumberValue(Math.Truncate(value.GetDouble())));
            }

            if (value.ValueKind == JsonValueKind.String && !double.IsNaN(JsDate.Parse(value.GetString())))
            {
                return value.Clone();
            }

            refusals.Add(at, "not an ISO 8601 date-time that Vexil reads as JavaScript does (other texts JavaScript may read in its own ways)");
            return null;
        }

        if (op == "REGEX" && (!present || value.ValueKind != JsonValueKind.String))
        {
            refusals.Add(at, "a regular expression must be a string");
            return null;
        }

        return !present ? JsonValues.Write(w => w.WriteNullValue()) : value.Clone();
    }
}
