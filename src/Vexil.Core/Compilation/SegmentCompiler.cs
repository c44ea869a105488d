using System.Collections.Frozen;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>Checks and compiles one segment (its rules may not use <c>segmentMatch</c>).</summary>
internal static class SegmentCompiler
{
    /// <summary>Compiles the segment; problems go to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static CompiledSegment Compile(SegmentDefinition segment, string path, List<ValidationError> errors)
    {
        var rules = new Clauses.Clause[segment.Rules.Count][];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Length; r++)
        {
            var rulePath = JsonPath.Index(JsonPath.Property(path, "rules"), r);
            if (!ids.Add(segment.Rules[r].Id))
            {
                errors.Add(new ValidationError(JsonPath.Property(rulePath, "id"), $"duplicate rule id '{segment.Rules[r].Id}'"));
            }

            rules[r] = FlagCompiler.CompileClauses(segment.Rules[r].Clauses, JsonPath.Property(rulePath, "clauses"), segments: null, errors);
        }

        return new CompiledSegment(segment.Key, segment.Included.ToFrozenSet(StringComparer.Ordinal), segment.Excluded.ToFrozenSet(StringComparer.Ordinal), rules);
    }
}
