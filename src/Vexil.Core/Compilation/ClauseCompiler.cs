using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;
using Vexil.Core.Model;
using Vexil.Core.Operators;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>Checks a clause's operator and values and compiles it; reports problems with their paths.</summary>
internal static class ClauseCompiler
{
    /// <summary>Every operator name, as written in the format.</summary>
    public static readonly FrozenSet<string> Operators = new[]
    {
        "in", "notIn", "startsWith", "endsWith", "contains", "startsWithIgnoreCase", "endsWithIgnoreCase", "containsIgnoreCase",
        "matches", "lt", "lte", "gt", "gte", "semVerEq", "semVerLt", "semVerLte", "semVerGt", "semVerGte", "before", "after",
        "ipInCidr", "segmentMatch",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static Clause? Compile(ClauseDefinition clause, string path, IReadOnlyDictionary<string, CompiledSegment>? segments, List<ValidationError> errors)
    {
        if (VendorClauseCompiler.Handles(clause))
        {
            return VendorClauseCompiler.Compile(clause, path, errors);
        }

        var before = errors.Count;
        if (!Operators.Contains(clause.Operator))
        {
            errors.Add(new ValidationError(JsonPath.Property(path, "operator"), $"unknown operator '{clause.Operator}'"));
            return null;
        }

        if (!AttributePath.TryParse(clause.Attribute, out var attribute))
        {
            errors.Add(new ValidationError(JsonPath.Property(path, "attribute"), $"'{clause.Attribute}' is not an attribute path: use names separated by dots, such as 'org.plan'"));

            // Go on checking the values against a stand-in path; the clause is discarded for the error above.
            attribute = AttributePath.TargetingKey;
        }

        if (clause.Values.Count == 0)
        {
            errors.Add(new ValidationError(JsonPath.Property(path, "values"), "must hold at least one value"));
            return null;
        }

        var valuesPath = JsonPath.Property(path, "values");
        var negate = clause.Negate;
        Clause? compiled = clause.Operator switch
        {
            "in" => CompileIn(attribute, negate, clause.Values, valuesPath, errors),
            "notIn" => CompileIn(attribute, !negate, clause.Values, valuesPath, errors),
            "startsWith" => Strings(attribute, negate, StringTest.StartsWith, false, clause.Values, valuesPath, errors),
            "endsWith" => Strings(attribute, negate, StringTest.EndsWith, false, clause.Values, valuesPath, errors),
            "contains" => Strings(attribute, negate, StringTest.Contains, false, clause.Values, valuesPath, errors),
            "startsWithIgnoreCase" => Strings(attribute, negate, StringTest.StartsWith, true, clause.Values, valuesPath, errors),
            "endsWithIgnoreCase" => Strings(attribute, negate, StringTest.EndsWith, true, clause.Values, valuesPath, errors),
            "containsIgnoreCase" => Strings(attribute, negate, StringTest.Contains, true, clause.Values, valuesPath, errors),
            "matches" => CompileRegex(attribute, negate, clause.Values, valuesPath, errors),
            "lt" => Numbers(attribute, negate, Comparison.Less, clause.Values, valuesPath, errors),
            "lte" => Numbers(attribute, negate, Comparison.LessOrEqual, clause.Values, valuesPath, errors),
            "gt" => Numbers(attribute, negate, Comparison.Greater, clause.Values, valuesPath, errors),
            "gte" => Numbers(attribute, negate, Comparison.GreaterOrEqual, clause.Values, valuesPath, errors),
            "semVerEq" => Versions(attribute, negate, Comparison.Equal, clause.Values, valuesPath, errors),
            "semVerLt" => Versions(attribute, negate, Comparison.Less, clause.Values, valuesPath, errors),
            "semVerLte" => Versions(attribute, negate, Comparison.LessOrEqual, clause.Values, valuesPath, errors),
            "semVerGt" => Versions(attribute, negate, Comparison.Greater, clause.Values, valuesPath, errors),
            "semVerGte" => Versions(attribute, negate, Comparison.GreaterOrEqual, clause.Values, valuesPath, errors),
            "before" => Dates(attribute, negate, before: true, clause.Values, valuesPath, errors),
            "after" => Dates(attribute, negate, before: false, clause.Values, valuesPath, errors),
            "ipInCidr" => Cidrs(attribute, negate, clause.Values, valuesPath, errors),
            _ => CompileSegments(negate, clause.Values, valuesPath, segments, path, errors),
        };
        return errors.Count == before ? compiled : null;
    }

    private static Clause CompileIn(AttributePath? attribute, bool negate, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<double>();
        bool hasTrue = false, hasFalse = false;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            switch (value.ValueKind)
            {
                case JsonValueKind.String: strings.Add(value.GetString()!); break;
                case JsonValueKind.Number: numbers.Add(value.GetDouble()); break;
                case JsonValueKind.True: hasTrue = true; break;
                case JsonValueKind.False: hasFalse = true; break;
                default: errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a string, number or boolean, found {JsonObjectReader.Describe(value)}")); break;
            }
        }

        return new AttributeClause<InMatcher>(attribute!, negate, new InMatcher(strings, numbers.ToFrozenSet(), hasTrue, hasFalse));
    }

    private static Clause Strings(AttributePath? attribute, bool negate, StringTest test, bool ignoreCase, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors) =>
        new AttributeClause<StringMatcher>(attribute!, negate, new StringMatcher(test, ignoreCase, ReadStrings(values, path, errors)));

    private static Clause CompileRegex(AttributePath? attribute, bool negate, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var patterns = ReadStrings(values, path, errors);
        var regexes = new List<Regex>(patterns.Length);
        for (var i = 0; i < patterns.Length; i++)
        {
            if (SafeRegex.TryCreate(patterns[i], out var regex, out var error))
            {
                regexes.Add(regex!);
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), error ?? "not a valid regular expression"));
            }
        }

        return new AttributeClause<RegexMatcher>(attribute!, negate, new RegexMatcher([.. regexes]));
    }

    private static Clause Numbers(AttributePath? attribute, bool negate, Comparison comparison, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var numbers = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].ValueKind == JsonValueKind.Number && double.IsFinite(values[i].GetDouble()))
            {
                numbers[i] = values[i].GetDouble();
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a finite number, found {JsonObjectReader.Describe(values[i])}"));
            }
        }

        return new AttributeClause<NumberMatcher>(attribute!, negate, new NumberMatcher(comparison, numbers));
    }

    private static Clause Versions(AttributePath? attribute, bool negate, Comparison comparison, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var texts = ReadStrings(values, path, errors);
        var versions = new SemanticVersion[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!SemanticVersion.TryParse(texts[i], out versions[i]))
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"'{texts[i]}' is not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build])"));
            }
        }

        return new AttributeClause<SemVerMatcher>(attribute!, negate, new SemVerMatcher(comparison, versions));
    }

    private static Clause Dates(AttributePath? attribute, bool negate, bool before, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var times = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var ok = value.ValueKind switch
            {
                JsonValueKind.Number => double.IsFinite(times[i] = value.GetDouble()),
                JsonValueKind.String => DateValue.TryParse(value.GetString(), out times[i]),
                _ => false,
            };
            if (!ok)
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), "expected a date: an RFC 3339 string such as '2025-01-31T12:00:00Z' or Unix milliseconds"));
            }
        }

        return new AttributeClause<DateMatcher>(attribute!, negate, new DateMatcher(before, times));
    }

    private static Clause Cidrs(AttributePath? attribute, bool negate, IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var texts = ReadStrings(values, path, errors);
        var blocks = new List<CidrBlock>(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            if (CidrBlock.TryParse(texts[i], out var block))
            {
                blocks.Add(block);
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"'{texts[i]}' is not a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'"));
            }
        }

        return new AttributeClause<CidrMatcher>(attribute!, negate, new CidrMatcher([.. blocks]));
    }

    private static SegmentClause CompileSegments(bool negate, IReadOnlyList<JsonElement> values, string path, IReadOnlyDictionary<string, CompiledSegment>? segments, string clausePath, List<ValidationError> errors)
    {
        if (segments is null)
        {
            errors.Add(new ValidationError(JsonPath.Property(clausePath, "operator"), "segment rules cannot use segmentMatch"));
            return new SegmentClause(negate, []);
        }

        var keys = ReadStrings(values, path, errors);
        var found = new List<CompiledSegment>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (segments.TryGetValue(keys[i], out var segment))
            {
                found.Add(segment);
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"unknown segment '{keys[i]}'"));
            }
        }

        return new SegmentClause(negate, [.. found]);
    }

    private static string[] ReadStrings(IReadOnlyList<JsonElement> values, string path, List<ValidationError> errors)
    {
        var result = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].ValueKind == JsonValueKind.String)
            {
                result.Add(values[i].GetString()!);
            }
            else
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"expected a string, found {JsonObjectReader.Describe(values[i])}"));
            }
        }

        return [.. result];
    }
}
