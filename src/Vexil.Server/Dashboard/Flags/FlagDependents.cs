using Vexil.Core.Model;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>The flags that name a flag as a prerequisite, per environment: archiving or deleting it would break them.</summary>
internal static class FlagDependents
{
    /// <summary>One sentence per dependent flag (naming the environments); empty when nothing depends on <paramref name="flag"/>.</summary>
    public static IReadOnlyList<string> Find(string flag, IReadOnlyList<(string Environment, RulesetDefinition Ruleset)> environments)
    {
        var dependents = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (environment, ruleset) in environments)
        {
            foreach (var other in ruleset.Flags)
            {
                if (other.Key != flag && other.Prerequisites.Any(p => p.Flag == flag))
                {
                    if (!dependents.TryGetValue(other.Key, out var where))
                    {
                        dependents[other.Key] = where = [];
                    }

                    where.Add(environment);
                }
            }
        }

        return [.. dependents.Select(d => $"Flag '{d.Key}' names this flag as a prerequisite in {string.Join(", ", d.Value)}: remove that prerequisite first.")];
    }
}
