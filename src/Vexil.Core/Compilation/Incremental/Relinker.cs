using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// Builds the compiled flags a valid change needs: the upserted flags; the flags that match an upserted segment
/// (compiled again, their segment references being direct); and the flags whose prerequisites lead to any of
/// those (re-linked: a compiled prerequisite references the compiled flag it names, so a new instance of a flag
/// means a new instance of every flag that depends on it, transitively). Prerequisites first, so every reference
/// points at the instance of the new version.
/// </summary>
internal sealed class Relinker(ChangeContext context, SegmentView segments)
{
    private readonly Dictionary<string, CompiledFlag> _built = new(StringComparer.Ordinal);

    // Flags compiled again because they match an upserted segment, and the upsert that made it so.
    private readonly Dictionary<string, (Func<CompiledPrerequisite[], NativeFlag> Factory, int Segment)> _recompiled = new(StringComparer.Ordinal);

    // Flags re-linked only, because a prerequisite (or a prerequisite of one, …) has a new instance.
    private readonly HashSet<string> _relinked = new(StringComparer.Ordinal);

    /// <summary>Every flag built, by key: those of the new version that differ from the current ones.</summary>
    public Dictionary<string, CompiledFlag> Build()
    {
        RecompileSegmentUsers();
        if (context.Errors.Count > 0)
        {
            return _built;
        }

        FindDependents();
        foreach (var key in DependencyOrder())
        {
            _built[key] = BuildOne(key);
        }

        return _built;
    }

    private void RecompileSegmentUsers()
    {
        var upserts = context.Change.UpsertSegments;
        for (var i = 0; i < upserts.Count; i++)
        {
            foreach (var user in ChangeContext.Sorted(context.Index.UsersOf(upserts[i].Key)))
            {
                if (context.Keys.Touches(user) || _recompiled.ContainsKey(user))
                {
                    continue;
                }

                // Cannot fail (the flag compiled before and its segments exist); if it does, say which change broke it.
                var errors = new List<ValidationError>();
                var factory = new FlagCompiler(context.Unchanged(user), string.Empty, segments, errors).Compile();
                foreach (var error in errors)
                {
                    context.Errors.Add(new ValidationError(Paths.UpsertSegment(i), $"flag '{user}' no longer compiles with this segment: {error}"));
                }

                if (factory is not null)
                {
                    _recompiled[user] = (factory, i);
                }
            }
        }
    }

    private void FindDependents()
    {
        var pending = new Stack<string>();
        foreach (var upserted in context.Upserts)
        {
            pending.Push(upserted.Definition.Key);
        }

        foreach (var key in _recompiled.Keys)
        {
            pending.Push(key);
        }

        while (pending.Count > 0)
        {
            var dependents = context.Index.DependentsOf(pending.Pop());
            if (dependents.Count == 0)
            {
                continue;
            }

            foreach (var dependent in ChangeContext.Sorted(dependents))
            {
                if (!context.Keys.Touches(dependent) && !_recompiled.ContainsKey(dependent) && _relinked.Add(dependent))
                {
                    pending.Push(dependent);
                }
            }
        }
    }

    /// <summary>Every flag to build, each after the flags it names as prerequisites (a post-order of the prerequisite graph).</summary>
    private List<string> DependencyOrder()
    {
        var order = new List<string>(context.Upserts.Length + _recompiled.Count + _relinked.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Key, IReadOnlyList<string> Targets, int Next)>();
        foreach (var root in Roots())
        {
            if (!done.Add(root))
            {
                continue;
            }

            stack.Push((root, PrerequisiteKeys(root), 0));
            while (stack.Count > 0)
            {
                var (key, targets, next) = stack.Pop();
                if (next < targets.Count)
                {
                    stack.Push((key, targets, next + 1));
                    var target = targets[next];
                    if (IsBuilt(target) && done.Add(target))
                    {
                        stack.Push((target, PrerequisiteKeys(target), 0));
                    }

                    continue;
                }

                order.Add(key);
            }
        }

        return order;
    }

    private IEnumerable<string> Roots()
    {
        foreach (var upserted in context.Upserts)
        {
            yield return upserted.Definition.Key;
        }

        foreach (var key in _recompiled.Keys)
        {
            yield return key;
        }

        foreach (var key in _relinked)
        {
            yield return key;
        }
    }

    private bool IsBuilt(string key) => context.Keys.UpsertedFlags.ContainsKey(key) || _recompiled.ContainsKey(key) || _relinked.Contains(key);

    private IReadOnlyList<string> PrerequisiteKeys(string key)
    {
        var keys = new List<string>();
        if (context.Upserted(key) is { } upserted)
        {
            foreach (var edge in upserted.Prerequisites)
            {
                keys.Add(edge.Flag);
            }
        }
        else
        {
            foreach (var prerequisite in context.Unchanged(key).Prerequisites)
            {
                keys.Add(prerequisite.Flag);
            }
        }

        return keys;
    }

    private CompiledFlag BuildOne(string key)
    {
        if (context.Upserted(key) is { } upserted)
        {
            var prerequisites = new CompiledPrerequisite[upserted.Prerequisites.Count];
            for (var i = 0; i < prerequisites.Length; i++)
            {
                var edge = upserted.Prerequisites[i];
                prerequisites[i] = new CompiledPrerequisite(Resolve(edge.Flag), edge.Variation, edge.AnyOf);
            }

            return upserted.Factory!(prerequisites);
        }

        var relinked = Relink(context.Unchanged(key).Prerequisites);
        if (_recompiled.TryGetValue(key, out var recompiled))
        {
            return recompiled.Factory(relinked);
        }

        context.Current.TryGetFlag(key, out var current);
        return ((NativeFlag)current).WithPrerequisites(relinked);
    }

    private CompiledPrerequisite[] Relink(IReadOnlyList<Model.PrerequisiteDefinition> definitions)
    {
        var prerequisites = new CompiledPrerequisite[definitions.Count];
        for (var i = 0; i < prerequisites.Length; i++)
        {
            prerequisites[i] = PrerequisiteVariations.Link(Resolve(definitions[i].Flag), definitions[i]);
        }

        return prerequisites;
    }

    private CompiledFlag Resolve(string key)
    {
        if (_built.TryGetValue(key, out var built))
        {
            return built;
        }

        return context.Current.TryGetFlag(key, out var current) ? current : throw new InvalidOperationException($"prerequisite '{key}' resolved to no flag");
    }
}
