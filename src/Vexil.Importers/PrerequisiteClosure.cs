using Vexil.Core.Model;

namespace Vexil.Importers;

/// <summary>Refuses the flags that need a refused or missing flag or segment, and the flags of prerequisite cycles, until none is left.</summary>
internal static class PrerequisiteClosure
{
    public static List<FlagDefinition> Close(
        List<(FlagDefinition Flag, string Path)> flags,
        ISet<string> segments,
        Func<FlagDefinition, IEnumerable<string>> segmentsOf,
        Refusals refusals,
        List<string> refused)
    {
        var alive = flags.ToDictionary(f => f.Flag.Key, f => f, StringComparer.Ordinal);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (key, (flag, path)) in alive.ToList())
            {
                var missing = flag.Prerequisites.Select(p => p.Flag).FirstOrDefault(p => !alive.ContainsKey(p));
                var missingSegment = segmentsOf(flag).FirstOrDefault(s => !segments.Contains(s));
                if (missing is null && missingSegment is null)
                {
                    continue;
                }

                refusals.Add(path, missing is not null
                    ? $"its prerequisite (dependency) '{missing}' is not imported"
                    : $"it uses the segment '{missingSegment}', which is not imported");
                refused.Add(key);
                alive.Remove(key);
                changed = true;
            }
        }

        foreach (var cycle in Cycles(alive.Values.Select(v => v.Flag).ToList()))
        {
            foreach (var key in cycle)
            {
                refusals.Add(alive[key].Path, "its prerequisites form a cycle: " + string.Join(" -> ", cycle) + " (its evaluation is an error)");
                refused.Add(key);
                alive.Remove(key);
            }
        }

        return flags.Where(f => alive.ContainsKey(f.Flag.Key)).Select(f => f.Flag).ToList();
    }

    private static List<List<string>> Cycles(List<FlagDefinition> flags)
    {
        var byKey = flags.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var cycles = new List<List<string>>();
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            Visit(flag.Key, []);
        }

        return cycles;

        void Visit(string key, List<string> path)
        {
            if (state.TryGetValue(key, out var s))
            {
                if (s == 1 && !inCycle.Contains(key))
                {
                    var cycle = path.Skip(path.IndexOf(key)).ToList();
                    cycles.Add(cycle);
                    inCycle.UnionWith(cycle);
                }

                return;
            }

            state[key] = 1;
            path.Add(key);
            foreach (var prerequisite in byKey[key].Prerequisites)
            {
                if (byKey.ContainsKey(prerequisite.Flag))
                {
                    Visit(prerequisite.Flag, path);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[key] = 2;
        }
    }
}
