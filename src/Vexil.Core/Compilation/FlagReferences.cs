using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>What a flag definition names of the rest of its ruleset: prerequisite flags and matched segments.</summary>
internal static class FlagReferences
{
    /// <summary>The operator whose values are segment keys.</summary>
    public const string SegmentMatch = "segmentMatch";

    /// <summary>Adds the keys of the flag's prerequisites to the list, each once.</summary>
    public static void AddPrerequisiteKeys(FlagDefinition flag, List<string> keys)
    {
        var start = keys.Count;
        foreach (var prerequisite in flag.Prerequisites)
        {
            AddDistinct(keys, start, prerequisite.Flag);
        }
    }

    /// <summary>Adds the keys of the segments the flag's <c>segmentMatch</c> clauses name to the list, each once.</summary>
    public static void AddSegmentKeys(FlagDefinition flag, List<string> keys)
    {
        var start = keys.Count;
        foreach (var rule in flag.Rules)
        {
            foreach (var clause in rule.Clauses)
            {
                if (!string.Equals(clause.Operator, SegmentMatch, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var value in clause.Values)
                {
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        AddDistinct(keys, start, value.GetString()!);
                    }
                }
            }
        }
    }

    /// <summary>Where in the flag its prerequisite on <paramref name="key"/> is (<c>prerequisites[1]</c>), with its index, or null.</summary>
    public static (string Path, int Index)? FindPrerequisite(FlagDefinition flag, string key)
    {
        for (var i = 0; i < flag.Prerequisites.Count; i++)
        {
            if (string.Equals(flag.Prerequisites[i].Flag, key, StringComparison.Ordinal))
            {
                return (JsonPath.Index("prerequisites", i), i);
            }
        }

        return null;
    }

    /// <summary>Where in the flag a <c>segmentMatch</c> first names the segment (<c>rules[0].clauses[1].values[0]</c>), or null.</summary>
    public static string? FindSegment(FlagDefinition flag, string segment)
    {
        for (var r = 0; r < flag.Rules.Count; r++)
        {
            var clauses = flag.Rules[r].Clauses;
            for (var c = 0; c < clauses.Count; c++)
            {
                if (!string.Equals(clauses[c].Operator, SegmentMatch, StringComparison.Ordinal))
                {
                    continue;
                }

                for (var v = 0; v < clauses[c].Values.Count; v++)
                {
                    var value = clauses[c].Values[v];
                    if (value.ValueKind == JsonValueKind.String && value.ValueEquals(segment))
                    {
                        return JsonPath.Index(JsonPath.Property(JsonPath.Index(JsonPath.Property(JsonPath.Index("rules", r), "clauses"), c), "values"), v);
                    }
                }
            }
        }

        return null;
    }

    private static void AddDistinct(List<string> keys, int start, string key)
    {
        for (var i = start; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return;
            }
        }

        keys.Add(key);
    }
}
