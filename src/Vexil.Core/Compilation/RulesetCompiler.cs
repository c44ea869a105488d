using System.Collections.Frozen;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>
/// Checks a ruleset's meaning (references, weights, operator values, prerequisite cycles) and compiles it into an
/// immutable <see cref="CompiledRuleset"/>. Every error is reported at once, with the JSON path it would have in
/// the native format.
/// </summary>
public static class RulesetCompiler
{
    /// <summary>Compiles a definition.</summary>
    public static RulesetCompileResult Compile(RulesetDefinition ruleset)
    {
        var errors = new List<ValidationError>();
        var segments = CompileSegments(ruleset.Segments, errors);

        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ruleset.Flags.Count; i++)
        {
            if (!indexByKey.TryAdd(ruleset.Flags[i].Key, i))
            {
                errors.Add(new ValidationError(JsonPath.Property(FlagPath(i), "key"), $"duplicate flag key '{ruleset.Flags[i].Key}' (first at {FlagPath(indexByKey[ruleset.Flags[i].Key])})"));
            }
        }

        var compilers = new FlagCompiler[ruleset.Flags.Count];
        var factories = new Func<CompiledPrerequisite[], NativeFlag>?[ruleset.Flags.Count];
        for (var i = 0; i < compilers.Length; i++)
        {
            compilers[i] = new FlagCompiler(ruleset.Flags[i], FlagPath(i), segments, errors);
            factories[i] = compilers[i].Compile();
        }

        var edges = ResolvePrerequisites(ruleset.Flags, indexByKey, compilers, errors);
        var order = PrerequisiteGraph.TopologicalOrder(ruleset.Flags, edges, errors);
        if (errors.Count > 0 || order is null)
        {
            return new RulesetCompileResult(null, errors);
        }

        var compiled = new NativeFlag[ruleset.Flags.Count];
        foreach (var i in order)
        {
            var prerequisites = new CompiledPrerequisite[edges[i].Length];
            for (var j = 0; j < prerequisites.Length; j++)
            {
                prerequisites[j] = new CompiledPrerequisite(compiled[edges[i][j].Flag], edges[i][j].Variation, edges[i][j].AnyOf);
            }

            compiled[i] = factories[i]!(prerequisites);
        }

        return new RulesetCompileResult(NativeRuleset.Create(ruleset, compiled, segments), []);
    }

    /// <summary>
    /// Applies one environment version's change to a native ruleset, recompiling only what the change touches:
    /// the upserted flags and segments, the flags that match an upserted segment, and the flags whose
    /// prerequisites lead (transitively) to a recompiled flag. Every other flag is shared with
    /// <paramref name="current"/>, which is never modified. The checks are those of <see cref="Compile"/>, made
    /// against the rest of <paramref name="current"/>, so the result equals compiling the whole changed ruleset;
    /// errors carry the path of the change item at fault (<c>flags.upsert[2].rules[0].clauses[1].operator</c>,
    /// <c>flags.delete[0]</c>, <c>segments.upsert[0]…</c>, <c>segments.delete[1]</c>). Cost: the upserts'
    /// compilation plus their dependents, and O(log n) per touched key; nothing is proportional to the
    /// ruleset's size.
    /// </summary>
    /// <returns>The next ruleset (same environment, version <see cref="RulesetChange.Version"/>) with
    /// <see cref="RulesetCompileResult.ChangedFlagKeys"/>, or every error found.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="current"/> keeps no definitions (<see cref="CompiledRuleset.CanApplyChanges"/> is false).</exception>
    public static RulesetCompileResult Apply(CompiledRuleset current, RulesetChange change) => Incremental.IncrementalCompiler.Apply(current, change);

    /// <summary>Reads and compiles a native-format document: structural errors first, then meaning.</summary>
    public static RulesetCompileResult Load(ReadOnlySpan<byte> utf8Json)
    {
        var read = RulesetJson.Read(utf8Json);
        return read.Ruleset is null ? new RulesetCompileResult(null, read.Errors) : Compile(read.Ruleset);
    }

    private static string FlagPath(int index) => JsonPath.Index("flags", index);

    private static FrozenDictionary<string, CompiledSegment> CompileSegments(IReadOnlyList<SegmentDefinition> definitions, List<ValidationError> errors)
    {
        var result = new Dictionary<string, CompiledSegment>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var segment = definitions[i];
            var path = JsonPath.Index("segments", i);
            var compiled = SegmentCompiler.Compile(segment, path, errors);
            if (!result.TryAdd(segment.Key, compiled))
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "key"), $"duplicate segment key '{segment.Key}'"));
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (int Flag, int Variation, int[]? AnyOf)[][] ResolvePrerequisites(IReadOnlyList<FlagDefinition> flags, Dictionary<string, int> indexByKey, FlagCompiler[] compilers, List<ValidationError> errors)
    {
        var edges = new (int Flag, int Variation, int[]? AnyOf)[flags.Count][];
        for (var i = 0; i < flags.Count; i++)
        {
            var list = new List<(int, int, int[]?)>(flags[i].Prerequisites.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < flags[i].Prerequisites.Count; j++)
            {
                var prerequisite = flags[i].Prerequisites[j];
                var path = JsonPath.Index(JsonPath.Property(FlagPath(i), "prerequisites"), j);
                if (!seen.Add(prerequisite.Flag))
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "flag"), $"prerequisite '{prerequisite.Flag}' is listed twice"));
                    continue;
                }

                if (string.Equals(prerequisite.Flag, flags[i].Key, StringComparison.Ordinal))
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "flag"), "a flag cannot be its own prerequisite"));
                    continue;
                }

                if (!indexByKey.TryGetValue(prerequisite.Flag, out var target))
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "flag"), $"unknown flag '{prerequisite.Flag}'"));
                    continue;
                }

                if (compilers[target].Variations.Length == 0)
                {
                    continue;
                }

                if (PrerequisiteVariations.TryResolve(prerequisite, compilers[target].Variations, path, errors, out var variation, out var anyOf))
                {
                    list.Add((target, variation, anyOf));
                }
            }

            edges[i] = [.. list];
        }

        return edges;
    }
}
