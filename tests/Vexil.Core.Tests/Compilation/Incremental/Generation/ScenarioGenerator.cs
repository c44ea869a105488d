using Vexil.Core.Model;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>A random valid starting ruleset, then random changes to it: kill switches, new and replaced flags and
/// segments, deletions of used and unused ones, sometimes broken, rarely self-contradicting.</summary>
internal sealed class ScenarioGenerator(Choices c)
{
    private readonly DefinitionGenerator _definitions = new(c);

    public RulesetModel Initial()
    {
        var segments = new Dictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        var segmentCount = c.Next(5);
        for (var i = 0; i < segmentCount; i++)
        {
            segments["seg" + i] = _definitions.Segment("seg" + i, 1, mayBreak: false);
        }

        // Each flag names only flags made before it: the prerequisites form a DAG.
        var flags = new Dictionary<string, FlagDefinition>(StringComparer.Ordinal);
        var made = new List<(string Key, IReadOnlyList<string> Variations)>();
        var flagCount = c.Next(21);
        for (var i = 0; i < flagCount; i++)
        {
            var flag = _definitions.Flag("f" + i, 1, made, [.. segments.Keys], mayBreak: false);
            flags[flag.Key] = flag;
            made.Add((flag.Key, Variations(flag)));
        }

        return new RulesetModel(1, flags, segments);
    }

    public RulesetChange Change(RulesetModel model, int step)
    {
        var version = model.Version + 1;
        var flagKeys = model.Flags.Keys.Order(StringComparer.Ordinal).ToList();
        var segmentKeys = model.Segments.Keys.Order(StringComparer.Ordinal).ToList();

        var upsertSegments = new List<SegmentDefinition>();
        var count = c.Next(3);
        for (var j = 0; j < count; j++)
        {
            var key = segmentKeys.Count > 0 && c.Chance(60) ? c.Pick(segmentKeys) : $"seg{step}-{j}";
            if (upsertSegments.All(s => s.Key != key))
            {
                upsertSegments.Add(_definitions.Segment(key, version, mayBreak: true));
            }
        }

        var deleteSegments = Deletes(segmentKeys, c.Chance(20) ? 1 : 0, "ghost-segment", upsertSegments.Select(s => s.Key));

        // Upserted flags may name deleted segments and flags (an error) as well as the others.
        var segmentChoices = segmentKeys.Union(upsertSegments.Select(s => s.Key)).ToList();
        var candidates = model.Flags.Values.Select(f => (f.Key, Variations(f))).ToList();
        var upsertFlags = new List<FlagDefinition>();
        count = c.Next(4);
        for (var j = 0; j < count; j++)
        {
            var key = flagKeys.Count > 0 && c.Chance(65) ? c.Pick(flagKeys) : $"n{step}-{j}";
            if (upsertFlags.Any(f => f.Key == key))
            {
                continue;
            }

            var flag = model.Flags.TryGetValue(key, out var existing) && c.Chance(35)
                ? existing with { Enabled = !existing.Enabled, Version = version }
                : _definitions.Flag(key, version, candidates.Where(x => x.Key != key).ToList(), segmentChoices, mayBreak: true, existing);
            upsertFlags.Add(flag);
            candidates.Add((flag.Key, Variations(flag)));
        }

        var deleteFlags = Deletes(flagKeys, c.Chance(35) ? 1 + c.Next(2) : 0, "ghost-flag", upsertFlags.Select(f => f.Key));
        if (c.Chance(3))
        {
            Contradict(upsertFlags, deleteFlags, upsertSegments, deleteSegments);
        }

        return new RulesetChange(version, upsertFlags, deleteFlags, upsertSegments, deleteSegments);
    }

    private static IReadOnlyList<string> Variations(FlagDefinition flag) => [.. flag.Variations.Select(v => v.Key)];

    private List<string> Deletes(List<string> existing, int count, string ghost, IEnumerable<string> upserted)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = existing.Count > 0 && c.Chance(85) ? c.Pick(existing) : ghost;
            if (!keys.Contains(key) && !upserted.Contains(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private void Contradict(List<FlagDefinition> upsertFlags, List<string> deleteFlags, List<SegmentDefinition> upsertSegments, List<string> deleteSegments)
    {
        switch (c.Next(4))
        {
            case 0 when upsertFlags.Count > 0: upsertFlags.Add(upsertFlags[0]); break;
            case 1 when upsertFlags.Count > 0: deleteFlags.Add(upsertFlags[0].Key); break;
            case 2 when deleteSegments.Count > 0: deleteSegments.Add(deleteSegments[0]); break;
            case 3 when upsertSegments.Count > 0: deleteSegments.Add(upsertSegments[0].Key); break;
            default: deleteFlags.Add("ghost-twice"); deleteFlags.Add("ghost-twice"); break;
        }
    }
}
