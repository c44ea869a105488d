using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// The checks a change fails through flags it does not touch: a deleted flag that a remaining flag names as a
/// prerequisite, a deleted segment that a remaining flag matches, a replaced flag that lost a variation a
/// remaining flag's prerequisite names (any of those an any-of prerequisite lists). Dependents are found through
/// the reverse indexes, never by looking at every flag. Each error stands at the change item that caused it and names the dependent and where in it.
/// </summary>
internal static class DependentChecks
{
    public static void Check(ChangeContext context)
    {
        CheckDeletedFlags(context);
        CheckDeletedSegments(context);
        CheckRemovedVariations(context);
    }

    private static void CheckDeletedFlags(ChangeContext context)
    {
        var deletes = context.Change.DeleteFlags;
        for (var i = 0; i < deletes.Count; i++)
        {
            var key = deletes[i];
            if (context.Keys.DeletedFlags[key] != i)
            {
                continue;
            }

            foreach (var dependent in ContextSorted(context.Index.DependentsOf(key)))
            {
                if (context.Keys.Touches(dependent))
                {
                    continue;
                }

                var where = FlagReferences.FindPrerequisite(context.Unchanged(dependent), key)?.Path;
                context.Errors.Add(new ValidationError(Paths.DeleteFlag(i), $"flag '{key}' is a prerequisite of flag '{dependent}' ({where})"));
            }
        }
    }

    private static void CheckDeletedSegments(ChangeContext context)
    {
        var deletes = context.Change.DeleteSegments;
        for (var i = 0; i < deletes.Count; i++)
        {
            var key = deletes[i];
            if (context.Keys.DeletedSegments[key] != i)
            {
                continue;
            }

            foreach (var user in ContextSorted(context.Index.UsersOf(key)))
            {
                if (context.Keys.Touches(user))
                {
                    continue;
                }

                var where = FlagReferences.FindSegment(context.Unchanged(user), key);
                context.Errors.Add(new ValidationError(Paths.DeleteSegment(i), $"segment '{key}' is used by flag '{user}' ({where})"));
            }
        }
    }

    private static void CheckRemovedVariations(ChangeContext context)
    {
        foreach (var upserted in context.Upserts)
        {
            var key = upserted.Definition.Key;
            var variations = upserted.Compiler.Variations;
            if (!context.Keys.IsFirstFlagUpsert(key, upserted.Index) || variations.Length == 0)
            {
                continue;
            }

            foreach (var dependent in ContextSorted(context.Index.DependentsOf(key)))
            {
                if (context.Keys.Touches(dependent))
                {
                    continue;
                }

                var definition = context.Unchanged(dependent);
                if (FlagReferences.FindPrerequisite(definition, key) is not { } found)
                {
                    continue;
                }

                var (where, position) = found;
                foreach (var variation in PrerequisiteVariations.Missing(definition.Prerequisites[position], variations))
                {
                    context.Errors.Add(new ValidationError(JsonPath.Property(upserted.Path, "variations"), $"flag '{dependent}' needs variation '{variation}' of this flag ({where})"));
                }
            }
        }
    }

    private static IReadOnlyList<string> ContextSorted(Collections.KeySet set) => set.Count == 0 ? Array.Empty<string>() : ChangeContext.Sorted(set);
}
