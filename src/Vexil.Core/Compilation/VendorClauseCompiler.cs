using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Core.Operators;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>
/// Compiles the clauses that imports from LaunchDarkly and Unleash brought: clauses with a context kind
/// (LaunchDarkly's attribute references) and the <c>ld:</c> and <c>unleash:</c> operators (docs/flag-format.md).
/// </summary>
internal static class VendorClauseCompiler
{
    /// <summary>The operators of a clause with a context kind.</summary>
    public static readonly FrozenSet<string> KindedOperators = new[]
    {
        "in", "startsWith", "endsWith", "contains", "lt", "lte", "gt", "gte",
        "ld:matches", "ld:before", "ld:after", "ld:semVerEqual", "ld:semVerLessThan", "ld:semVerGreaterThan",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Unleash's operators.</summary>
    public static readonly FrozenSet<string> UnleashOperators = new[]
    {
        "unleash:IN", "unleash:NOT_IN", "unleash:STR_STARTS_WITH", "unleash:STR_ENDS_WITH", "unleash:STR_CONTAINS",
        "unleash:NUM_EQ", "unleash:NUM_GT", "unleash:NUM_GTE", "unleash:NUM_LT", "unleash:NUM_LTE",
        "unleash:DATE_AFTER", "unleash:DATE_BEFORE", "unleash:SEMVER_EQ", "unleash:SEMVER_GT", "unleash:SEMVER_GTE",
        "unleash:SEMVER_LT", "unleash:SEMVER_LTE", "unleash:REGEX", "unleash:IN_CIDR", "unleash:USER_WITH_ID", "unleash:REMOTE_ADDRESS",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The clock of Unleash's date operators when the context has no <c>currentTime</c> (tests replace it).</summary>
    internal static TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>True when this compiler (and not the native one) compiles the clause.</summary>
    public static bool Handles(ClauseDefinition clause) =>
        clause.Operator != "segmentMatch" && (clause.ContextKind is not null || clause.Operator.StartsWith("ld:", StringComparison.Ordinal) || clause.Operator.StartsWith("unleash:", StringComparison.Ordinal));

    public static Clause? Compile(ClauseDefinition clause, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        var values = JsonPath.Property(path, "values");
        if (clause.Operator.StartsWith("unleash:", StringComparison.Ordinal))
        {
            if (!UnleashOperators.Contains(clause.Operator))
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "operator"), $"unknown operator '{clause.Operator}'"));
                return null;
            }

            if (clause.ContextKind is not null)
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "contextKind"), "Unleash's operators read Unleash's context, which has no kinds"));
            }

            var unleash = CompileUnleash(clause, values, errors);
            return errors.Count == before ? unleash : null;
        }

        if (clause.ContextKind is null || !KindedOperators.Contains(clause.Operator))
        {
            errors.Add(new ValidationError(
                JsonPath.Property(path, clause.ContextKind is null ? "contextKind" : "operator"),
                clause.ContextKind is null ? $"the operator '{clause.Operator}' needs a contextKind" : $"the operator '{clause.Operator}' cannot be used with a contextKind"));
            return null;
        }

        // No value: LaunchDarkly's clause matches nothing (negated: any present value).
        if (!LaunchDarklyAttribute.TryParse(clause.Attribute, out var attribute))
        {
            errors.Add(new ValidationError(JsonPath.Property(path, "attribute"), $"'{clause.Attribute}' is not a LaunchDarkly attribute reference (a name, or '/'-separated names with ~0 and ~1 escapes; not _meta)"));
            return null;
        }

        var kind = clause.ContextKind;
        var negate = clause.Negate;
        Clause compiled = clause.Operator switch
        {
            "in" => Kinded(attribute!, kind, negate, In(clause.Values, values, errors)),
            "startsWith" => Kinded(attribute!, kind, negate, new StringMatcher(StringTest.StartsWith, false, Strings(clause.Values, values, errors))),
            "endsWith" => Kinded(attribute!, kind, negate, new StringMatcher(StringTest.EndsWith, false, Strings(clause.Values, values, errors))),
            "contains" => Kinded(attribute!, kind, negate, new StringMatcher(StringTest.Contains, false, Strings(clause.Values, values, errors))),
            "lt" => Kinded(attribute!, kind, negate, new NumberMatcher(Comparison.Less, Numbers(clause.Values, values, errors))),
            "lte" => Kinded(attribute!, kind, negate, new NumberMatcher(Comparison.LessOrEqual, Numbers(clause.Values, values, errors))),
            "gt" => Kinded(attribute!, kind, negate, new NumberMatcher(Comparison.Greater, Numbers(clause.Values, values, errors))),
            "gte" => Kinded(attribute!, kind, negate, new NumberMatcher(Comparison.GreaterOrEqual, Numbers(clause.Values, values, errors))),
            "ld:matches" => Kinded(attribute!, kind, negate, new RegexMatcher(Patterns(clause.Values, values, EcmaScriptPattern.TryTranslate, caseInsensitive: false, errors))),
            "ld:before" => Kinded(attribute!, kind, negate, new LaunchDarklyDateMatcher(true, Dates(clause.Values))),
            "ld:after" => Kinded(attribute!, kind, negate, new LaunchDarklyDateMatcher(false, Dates(clause.Values))),
            "ld:semVerEqual" => Kinded(attribute!, kind, negate, new LaunchDarklySemVerMatcher(Comparison.Equal, Versions(clause.Values))),
            "ld:semVerLessThan" => Kinded(attribute!, kind, negate, new LaunchDarklySemVerMatcher(Comparison.Less, Versions(clause.Values))),
            _ => Kinded(attribute!, kind, negate, new LaunchDarklySemVerMatcher(Comparison.Greater, Versions(clause.Values))),
        };
        return errors.Count == before ? compiled : null;
    }

    private static KindedClause<T> Kinded<T>(LaunchDarklyAttribute attribute, string kind, bool negate, T matcher)
        where T : struct, IValueMatcher => new(attribute, kind, negate, matcher);

    private static Clause? CompileUnleash(ClauseDefinition clause, string path, List<ValidationError> errors)
    {
        var field = clause.Attribute;
        var negate = clause.Negate;
        var op = clause.Operator["unleash:".Length..];
        switch (op)
        {
            case "IN" or "NOT_IN":
                return new UnleashClause<UnleashInMatcher>(field, negate, false, new UnleashInMatcher(Strings(clause.Values, path, errors), op == "NOT_IN"));
            case "USER_WITH_ID":
                return new UnleashClause<UnleashInMatcher>(UnleashContext.UserId, negate, true, new UnleashInMatcher(Strings(clause.Values, path, errors), false));
            case "STR_STARTS_WITH" or "STR_ENDS_WITH" or "STR_CONTAINS":
                var texts = Strings(clause.Values, path, errors);
                if (clause.CaseInsensitive)
                {
                    texts = Array.ConvertAll(texts, JsText.ToLower);
                }

                var test = op == "STR_STARTS_WITH" ? StringTest.StartsWith : op == "STR_ENDS_WITH" ? StringTest.EndsWith : StringTest.Contains;
                return new UnleashClause<UnleashStringMatcher>(field, negate, false, new UnleashStringMatcher(test, clause.CaseInsensitive, texts));
            case "REGEX":
                var regex = Patterns(Single(clause, path, errors), path, Re2Pattern.TryTranslate, clause.CaseInsensitive, errors);
                return regex.Length == 0 ? null : new UnleashClause<UnleashRegexMatcher>(field, negate, false, new UnleashRegexMatcher(regex[0]));
            case "IN_CIDR":
                var ranges = new List<UnleashAddress>();
                foreach (var text in Strings(clause.Values, path, errors))
                {
                    if (UnleashAddress.TryParse(text, out var range))
                    {
                        ranges.Add(range);
                    }
                }

                return new UnleashClause<UnleashCidrMatcher>(field, negate, false, new UnleashCidrMatcher([.. ranges]));
            case "REMOTE_ADDRESS":
                var ips = Strings(clause.Values, path, errors);
                var subnets = Array.ConvertAll(ips, ip => UnleashAddress.TryParse(ip, out var a) && a.IsIPv4 ? a : (UnleashAddress?)null);
                return new UnleashClause<UnleashRemoteAddressMatcher>("remoteAddress", negate, true, new UnleashRemoteAddressMatcher(ips, subnets));
            case "DATE_AFTER" or "DATE_BEFORE":
                var date = Single(clause, path, errors);
                var time = date.Count == 0 ? double.NaN : date[0].ValueKind == JsonValueKind.Number ? date[0].GetDouble() : date[0].ValueKind == JsonValueKind.String ? JsDate.Parse(date[0].GetString()) : double.NaN;
                return new UnleashDateClause(op == "DATE_AFTER", time, negate, Time);
            case "SEMVER_EQ" or "SEMVER_GT" or "SEMVER_GTE" or "SEMVER_LT" or "SEMVER_LTE":
                var version = Single(clause, path, errors);
                var valid = version.Count == 1 && version[0].ValueKind == JsonValueKind.String && NpmSemVer.TryParse(version[0].GetString(), out var parsed) ? parsed : (NpmSemVer?)null;
                var comparison = op switch { "SEMVER_EQ" => Comparison.Equal, "SEMVER_GT" => Comparison.Greater, "SEMVER_GTE" => Comparison.GreaterOrEqual, "SEMVER_LT" => Comparison.Less, _ => Comparison.LessOrEqual };
                return new UnleashClause<UnleashSemVerMatcher>(field, negate, false, new UnleashSemVerMatcher(comparison, valid ?? default, valid is not null));
            default:
                var number = Single(clause, path, errors);
                var target = number.Count == 0 ? double.NaN : number[0].ValueKind == JsonValueKind.Number ? number[0].GetDouble() : number[0].ValueKind == JsonValueKind.String ? JsNumber.Parse(number[0].GetString()) : double.NaN;
                var numberComparison = op switch { "NUM_EQ" => Comparison.Equal, "NUM_GT" => Comparison.Greater, "NUM_GTE" => Comparison.GreaterOrEqual, "NUM_LT" => Comparison.Less, _ => Comparison.LessOrEqual };
                return new UnleashClause<UnleashNumberMatcher>(field, negate, false, new UnleashNumberMatcher(numberComparison, target));
        }
    }

    private static IReadOnlyList<JsonElement> Single(ClauseDefinition clause, string path, List<ValidationError> errors)
    {
        if (clause.Values.Count != 1)
        {
            errors.Add(new ValidationError(path, $"'{clause.Operator}' takes exactly one value"));
            return [];
        }

        return clause.Values;
    }

    private static InMatcher In(IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<double>();
        bool hasTrue = false, hasFalse = false;
        for (var i = 0; i < values.Count; i++)
        {
            switch (values[i].ValueKind)
            {
                case JsonValueKind.String: strings.Add(values[i].GetString()!); break;
                case JsonValueKind.Number: numbers.Add(values[i].GetDouble()); break;
                case JsonValueKind.True: hasTrue = true; break;
                case JsonValueKind.False: hasFalse = true; break;
                default: errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a string, number or boolean, found {JsonObjectReader.Describe(values[i])}")); break;
            }
        }

        return new InMatcher(strings, numbers.ToFrozenSet(), hasTrue, hasFalse);
    }

    private static string[] Strings(IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].ValueKind == JsonValueKind.String)
            {
                result[i] = values[i].GetString()!;
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a string, found {JsonObjectReader.Describe(values[i])}"));
                result[i] = string.Empty;
            }
        }

        return result;
    }

    private static double[] Numbers(IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var result = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].ValueKind == JsonValueKind.Number && double.IsFinite(values[i].GetDouble()))
            {
                result[i] = values[i].GetDouble();
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a finite number, found {JsonObjectReader.Describe(values[i])}"));
            }
        }

        return result;
    }

    private static double[] Dates(IReadOnlyList<JsonElement> values)
    {
        var result = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = LaunchDarklyDateMatcher.Read(values[i]);
        }

        return result;
    }

    private static NpmSemVer[] Versions(IReadOnlyList<JsonElement> values)
    {
        var result = new List<NpmSemVer>(values.Count);
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.String && NpmSemVer.TryParseLaunchDarkly(value.GetString(), out var version))
            {
                result.Add(version);
            }
        }

        return [.. result];
    }

    private delegate bool Translator(string pattern, bool caseInsensitive, out string? translated, out string? error, out bool invalid);

    // What a pattern its own engine rejects matches: nothing.
    private const string Nothing = "[^\\s\\S]";

    private static Regex[] Patterns(IReadOnlyList<JsonElement> values, string path, Translator translate, bool caseInsensitive, List<ValidationError> errors)
    {
        var result = new List<Regex>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a string, found {JsonObjectReader.Describe(values[i])}"));
                continue;
            }

            if (!translate(values[i].GetString()!, caseInsensitive, out var pattern, out var error, out var invalid) && invalid)
            {
                pattern = Nothing;
            }

            if (pattern is null || !SafeRegex.TryCreate(pattern, out var regex, out error))
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), error ?? "not a supported regular expression"));
                continue;
            }

            result.Add(regex);
        }

        return [.. result];
    }
}
