using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// Resolves the prerequisites of upserted flags against the ruleset as it will be after the change, with the
/// checks and messages of a full compile: listed twice, the flag itself, an unknown flag, an unknown variation
/// (<see cref="PrerequisiteVariations"/>, shared with the full compile, for both the single and the any-of form).
/// </summary>
internal static class PrerequisiteResolver
{
    public static void Resolve(ChangeContext context)
    {
        foreach (var upserted in context.Upserts)
        {
            var definition = upserted.Definition;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < definition.Prerequisites.Count; j++)
            {
                var prerequisite = definition.Prerequisites[j];
                var path = JsonPath.Index(JsonPath.Property(upserted.Path, "prerequisites"), j);
                if (!seen.Add(prerequisite.Flag))
                {
                    context.Errors.Add(new ValidationError(JsonPath.Property(path, "flag"), $"prerequisite '{prerequisite.Flag}' is listed twice"));
                    continue;
                }

                if (string.Equals(prerequisite.Flag, definition.Key, StringComparison.Ordinal))
                {
                    context.Errors.Add(new ValidationError(JsonPath.Property(path, "flag"), "a flag cannot be its own prerequisite"));
                    continue;
                }

                var variations = context.VariationsAfter(prerequisite.Flag);
                if (variations is null)
                {
                    context.Errors.Add(new ValidationError(JsonPath.Property(path, "flag"), $"unknown flag '{prerequisite.Flag}'"));
                    continue;
                }

                if (variations.Length == 0)
                {
                    // The flag it names has no variations, an error reported there.
                    continue;
                }

                if (PrerequisiteVariations.TryResolve(prerequisite, variations, path, context.Errors, out var variation, out var anyOf))
                {
                    upserted.Prerequisites.Add(new ResolvedPrerequisite(prerequisite.Flag, variation, anyOf, j));
                }
            }
        }
    }
}
