using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>
/// Resolves the variations a prerequisite names in the flag it names, for both compile paths: the single form
/// (<c>variation</c>, the flag on) and the any-of form (<c>variations</c>, on or off; an empty list is never met).
/// </summary>
internal static class PrerequisiteVariations
{
    /// <summary>
    /// The variation indexes of <paramref name="prerequisite"/> in <paramref name="variations"/> (those of the flag it
    /// names); every name that is not there is an error under <paramref name="path"/> (the prerequisite's path).
    /// </summary>
    /// <param name="prerequisite">The prerequisite.</param>
    /// <param name="variations">The variations of the flag it names.</param>
    /// <param name="path">The prerequisite's path (<c>flags[1].prerequisites[0]</c>).</param>
    /// <param name="errors">Where errors go.</param>
    /// <param name="variation">The single form's index; for the any-of form, the first listed (or -1).</param>
    /// <param name="anyOf">The any-of form's indexes, or null for the single form.</param>
    /// <returns>False when a variation is missing.</returns>
    public static bool TryResolve(PrerequisiteDefinition prerequisite, CompiledVariation[] variations, string path, List<ValidationError> errors, out int variation, out int[]? anyOf)
    {
        if (prerequisite.AnyOf is not { } names)
        {
            anyOf = null;
            variation = IndexOf(variations, prerequisite.Variation);
            if (variation < 0)
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "variation"), $"flag '{prerequisite.Flag}' has no variation '{prerequisite.Variation}'"));
                return false;
            }

            return true;
        }

        var valid = true;
        anyOf = new int[names.Count];
        for (var k = 0; k < names.Count; k++)
        {
            anyOf[k] = IndexOf(variations, names[k]);
            if (anyOf[k] < 0)
            {
                errors.Add(new ValidationError(JsonPath.Index(JsonPath.Property(path, "variations"), k), $"flag '{prerequisite.Flag}' has no variation '{names[k]}'"));
                valid = false;
            }
        }

        variation = anyOf.Length > 0 ? anyOf[0] : -1;
        return valid;
    }

    /// <summary>The names of <paramref name="prerequisite"/> that <paramref name="variations"/> lacks (a replaced flag that lost them).</summary>
    public static IEnumerable<string> Missing(PrerequisiteDefinition prerequisite, CompiledVariation[] variations)
    {
        if (prerequisite.AnyOf is not { } names)
        {
            if (IndexOf(variations, prerequisite.Variation) < 0)
            {
                yield return prerequisite.Variation;
            }

            yield break;
        }

        foreach (var name in names)
        {
            if (IndexOf(variations, name) < 0)
            {
                yield return name;
            }
        }
    }

    /// <summary>Links a prerequisite that compiled before to another compiled instance of the flag it names.</summary>
    public static CompiledPrerequisite Link(CompiledFlag flag, PrerequisiteDefinition prerequisite)
    {
        if (prerequisite.AnyOf is not { } names)
        {
            return new CompiledPrerequisite(flag, IndexOf(flag.Variations, prerequisite.Variation));
        }

        var anyOf = new int[names.Count];
        for (var k = 0; k < anyOf.Length; k++)
        {
            anyOf[k] = IndexOf(flag.Variations, names[k]);
        }

        return new CompiledPrerequisite(flag, anyOf.Length > 0 ? anyOf[0] : -1, anyOf);
    }

    /// <summary>The index of the variation with the key, or -1.</summary>
    public static int IndexOf(CompiledVariation[] variations, string key)
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
