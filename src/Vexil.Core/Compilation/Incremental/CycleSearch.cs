using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// Finds prerequisite cycles a change makes. The current ruleset has none, so every new cycle runs through an
/// edge of an upserted flag: the search starts from those edges only and walks the prerequisites of the ruleset
/// as it will be (upserted flags by their new edges, deleted flags by none, the rest by their definitions), so it
/// visits at most what the upserted flags lead to, never the whole ruleset. One cycle is reported per upserted
/// flag, at its prerequisite that starts it.
/// </summary>
internal static class CycleSearch
{
    public static void Check(ChangeContext context)
    {
        foreach (var upserted in context.Upserts)
        {
            var key = upserted.Definition.Key;
            if (upserted.Prerequisites.Count == 0 || !context.Keys.IsFirstFlagUpsert(key, upserted.Index))
            {
                continue;
            }

            // Parent links of the search, shared by the edges of this flag: a node reached once is not walked again.
            var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var edge in upserted.Prerequisites)
            {
                if (parents.ContainsKey(edge.Flag))
                {
                    continue;
                }

                if (PathTo(context, edge.Flag, key, parents) is { } cycle)
                {
                    var at = JsonPath.Property(JsonPath.Index(JsonPath.Property(upserted.Path, "prerequisites"), edge.Position), "flag");
                    context.Errors.Add(new ValidationError(at, "prerequisite cycle: " + key + " -> " + string.Join(" -> ", cycle)));
                    break;
                }
            }
        }
    }

    /// <summary>The keys from <paramref name="start"/> to <paramref name="goal"/> along prerequisites, or null.</summary>
    private static List<string>? PathTo(ChangeContext context, string start, string goal, Dictionary<string, string?> parents)
    {
        parents[start] = null;
        var stack = new Stack<string>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (string.Equals(node, goal, StringComparison.Ordinal))
            {
                var path = new List<string>();
                for (string? at = node; at is not null; at = parents[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            foreach (var next in Successors(context, node))
            {
                if (parents.TryAdd(next, node))
                {
                    stack.Push(next);
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Successors(ChangeContext context, string key)
    {
        if (context.Upserted(key) is { } upserted)
        {
            foreach (var edge in upserted.Prerequisites)
            {
                yield return edge.Flag;
            }

            yield break;
        }

        if (context.Keys.DeletedFlags.ContainsKey(key) || context.Current.GetDefinition(key) is not { } definition)
        {
            yield break;
        }

        foreach (var prerequisite in definition.Prerequisites)
        {
            yield return prerequisite.Flag;
        }
    }
}
