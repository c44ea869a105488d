using System.Collections.Frozen;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>
/// Checks and compiles one segment (its rules may not use <c>segmentMatch</c>): the one place both
/// <see cref="RulesetCompiler.Compile"/> and <see cref="RulesetCompiler.Apply"/> compile segments, so a segment's
/// rules, their percentages (salted with the segment's <c>salt</c> or key) and its contexts of a kind compile alike.
/// </summary>
internal static class SegmentCompiler
{
    /// <summary>Compiles the segment; problems go to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static CompiledSegment Compile(SegmentDefinition segment, string path, List<ValidationError> errors)
    {
        var rules = new Clauses.Clause[segment.Rules.Count][];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = segment.Rules[r];
            var rulePath = JsonPath.Index(JsonPath.Property(path, "rules"), r);
            if (!ids.Add(rule.Id))
            {
                errors.Add(new ValidationError(JsonPath.Property(rulePath, "id"), $"duplicate rule id '{rule.Id}'"));
            }

            rules[r] = FlagCompiler.CompileClauses(rule.Clauses, JsonPath.Property(rulePath, "clauses"), segments: null, errors);
            if (rule.Percentage is { } percentage
                && VendorRolloutCompiler.CompilePercentage(percentage, segment.Salt ?? segment.Key, JsonPath.Property(rulePath, "percentage"), errors) is { } sample)
            {
                rules[r] = [.. rules[r], sample];
            }
        }

        return new CompiledSegment(segment.Key, segment.Included.ToFrozenSet(StringComparer.Ordinal), segment.Excluded.ToFrozenSet(StringComparer.Ordinal), rules)
        {
            IncludedContexts = KindedKeys(segment.IncludedContexts, JsonPath.Property(path, "includedContexts"), errors),
            ExcludedContexts = KindedKeys(segment.ExcludedContexts, JsonPath.Property(path, "excludedContexts"), errors),
        };
    }

    /// <summary>The keys of contexts of a kind, in order; each entry needs its kind.</summary>
    private static KindedTargets? KindedKeys(IReadOnlyList<TargetDefinition> targets, string path, List<ValidationError> errors)
    {
        if (targets.Count == 0)
        {
            return null;
        }

        var kinds = new string[targets.Count];
        var keys = new FrozenSet<string>[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].ContextKind is not { } kind)
            {
                errors.Add(new ValidationError(JsonPath.Property(JsonPath.Index(path, i), "contextKind"), "is required"));
                kind = string.Empty;
            }

            kinds[i] = kind;
            keys[i] = targets[i].Values.ToFrozenSet(StringComparer.Ordinal);
        }

        return new KindedTargets(kinds, keys, new int[targets.Count]);
    }
}
