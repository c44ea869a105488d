using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>Orders flags so that every prerequisite compiles before the flags that need it; reports cycles.</summary>
internal static class PrerequisiteGraph
{
    private const byte Unvisited = 0;
    private const byte InProgress = 1;
    private const byte Done = 2;

    /// <summary>A post-order of the flags, or null when there is a cycle (each cycle reported once).</summary>
    public static List<int>? TopologicalOrder(IReadOnlyList<FlagDefinition> flags, (int Flag, int Variation, int[]? AnyOf)[][] edges, List<ValidationError> errors)
    {
        var state = new byte[flags.Count];
        var order = new List<int>(flags.Count);
        var stack = new Stack<(int Node, int Next)>();
        var path = new List<int>();
        var hasCycle = false;
        for (var start = 0; start < flags.Count; start++)
        {
            if (state[start] != Unvisited)
            {
                continue;
            }

            stack.Push((start, 0));
            state[start] = InProgress;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < edges[node].Length)
                {
                    stack.Push((node, next + 1));
                    var child = edges[node][next].Flag;
                    if (state[child] == InProgress)
                    {
                        hasCycle = true;
                        ReportCycle(flags, path, child, node, next, errors);
                    }
                    else if (state[child] == Unvisited)
                    {
                        state[child] = InProgress;
                        path.Add(child);
                        stack.Push((child, 0));
                    }

                    continue;
                }

                state[node] = Done;
                path.RemoveAt(path.Count - 1);
                order.Add(node);
            }
        }

        return hasCycle ? null : order;
    }

    private static void ReportCycle(IReadOnlyList<FlagDefinition> flags, List<int> path, int child, int node, int edge, List<ValidationError> errors)
    {
        var from = path.IndexOf(child);
        var names = new List<string>();
        for (var i = from; i < path.Count; i++)
        {
            names.Add(flags[path[i]].Key);
        }

        names.Add(flags[child].Key);
        var at = JsonPath.Property(JsonPath.Index(JsonPath.Property(JsonPath.Index("flags", node), "prerequisites"), edge), "flag");
        errors.Add(new ValidationError(at, "prerequisite cycle: " + string.Join(" -> ", names)));
    }
}
