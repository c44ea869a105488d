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

        var anyOf = new int[ruleset.Flags.Count][][];
        var edges = ResolvePrerequisites(ruleset.Flags, indexByKey, compilers, errors, anyOf);
        var order = PrerequisiteGraph.TopologicalOrder(ruleset.Flags, edges, errors);
        if (errors.Count > 0 || order is null)
        {
            return new RulesetCompileResult(null, errors);
        }

        int[]? flagsAnyOf(int flag, int prerequisite) => ruleset.Flags[flag].Prerequisites[prerequisite].AnyOf is null ? null : anyOf[flag][prerequisite];
        var compiled = new NativeFlag[ruleset.Flags.Count];
        foreach (var i in order)
        {
            var prerequisites = new CompiledPrerequisite[edges[i].Length];
            for (var j = 0; j < prerequisites.Length; j++)
            {
                prerequisites[j] = new CompiledPrerequisite(compiled[edges[i][j].Flag], edges[i][j].Variation, flagsAnyOf(i, j));
            }

            compiled[i] = factories[i]!(prerequisites);
        }

        return new RulesetCompileResult(new CompiledRuleset(ruleset.Environment, ruleset.Version, compiled), []);
    }

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
                if (segment.Rules[r].Percentage is { } percentage && VendorRolloutCompiler.CompilePercentage(percentage, segment.Salt ?? segment.Key, JsonPath.Property(rulePath, "percentage"), errors) is { } sample)
                {
                    rules[r] = [.. rules[r], sample];
                }
            }

            var compiled = new CompiledSegment(segment.Key, segment.Included.ToFrozenSet(StringComparer.Ordinal), segment.Excluded.ToFrozenSet(StringComparer.Ordinal), rules)
            {
                IncludedContexts = KindedKeys(segment.IncludedContexts),
                ExcludedContexts = KindedKeys(segment.ExcludedContexts),
            };
            if (!result.TryAdd(segment.Key, compiled))
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "key"), $"duplicate segment key '{segment.Key}'"));
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static KindedTargets? KindedKeys(IReadOnlyList<TargetDefinition> targets) =>
        targets.Count == 0 ? null : new KindedTargets([.. targets.Select(t => t.ContextKind!)], [.. targets.Select(t => t.Values.ToFrozenSet(StringComparer.Ordinal))], new int[targets.Count]);

    private static (int Flag, int Variation)[][] ResolvePrerequisites(IReadOnlyList<FlagDefinition> flags, Dictionary<string, int> indexByKey, FlagCompiler[] compilers, List<ValidationError> errors, int[][][] anyOf)
    {
        var edges = new (int Flag, int Variation)[flags.Count][];
        for (var i = 0; i < flags.Count; i++)
        {
            var list = new List<(int, int)>(flags[i].Prerequisites.Count);
            var lists = new List<int[]>(flags[i].Prerequisites.Count);
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

                var variation = prerequisite.AnyOf is { Count: 0 } ? -1 : FindVariation(compilers[target].Variations, prerequisite.Variation);
                if (variation < 0 && prerequisite.AnyOf is not { Count: 0 })
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, "variation"), $"flag '{prerequisite.Flag}' has no variation '{prerequisite.Variation}'"));
                    continue;
                }

                var any = new List<int>();
                for (var k = 0; k < (prerequisite.AnyOf?.Count ?? 0); k++)
                {
                    var index = FindVariation(compilers[target].Variations, prerequisite.AnyOf![k]);
                    if (index < 0)
                    {
                        errors.Add(new ValidationError(JsonPath.Index(JsonPath.Property(path, "variations"), k), $"flag '{prerequisite.Flag}' has no variation '{prerequisite.AnyOf[k]}'"));
                    }

                    any.Add(index);
                }

                list.Add((target, variation));
                lists.Add([.. any]);
            }

            edges[i] = [.. list];
            anyOf[i] = [.. lists];
        }

        return edges;
    }

    private static int FindVariation(CompiledVariation[] variations, string key)
    {
        for (var i = 0; i < variations.Length; i++)
        {
            if (string.Equals(variations[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
