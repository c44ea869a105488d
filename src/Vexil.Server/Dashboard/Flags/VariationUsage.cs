using Vexil.Core.Model;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// Where a flag's variations are still used, so that removing one (or renaming its key) is refused with a sentence
/// naming the place: the flag's own targeting in each environment (targets, rules, the default rule, the off
/// variation) and other flags that name it as a prerequisite.
/// </summary>
internal static class VariationUsage
{
    /// <summary>One sentence per removed variation still in use; empty when none is.</summary>
    public static IReadOnlyList<string> Find(string flag, IReadOnlyCollection<string> removed, IReadOnlyList<(string Environment, RulesetDefinition Ruleset)> environments)
    {
        var messages = new List<string>();
        foreach (var variation in removed)
        {
            var places = new List<string>();
            foreach (var (environment, ruleset) in environments)
            {
                foreach (var other in ruleset.Flags)
                {
                    if (other.Key == flag)
                    {
                        Own(other, variation, environment, places);
                    }
                    else if (other.Prerequisites.Any(p => p.Flag == flag && (p.Variation == variation || (p.AnyOf?.Contains(variation) ?? false))))
                    {
                        places.Add($"a prerequisite of flag '{other.Key}' in {environment}");
                    }
                }
            }

            if (places.Count > 0)
            {
                messages.Add($"Variation '{variation}' is still used: {string.Join("; ", places)}. Change those first, then remove it.");
            }
        }

        return messages;
    }

    private static void Own(FlagDefinition self, string variation, string environment, List<string> places)
    {
        if (self.OffVariation == variation)
        {
            places.Add($"served when off in {environment}");
        }

        if (self.Targets.Any(t => t.Variation == variation && t.Values.Count > 0))
        {
            places.Add($"individual targets in {environment}");
        }

        for (var i = 0; i < self.Rules.Count; i++)
        {
            if (Serves(self.Rules[i].Serve, variation))
            {
                places.Add($"rule {i + 1} in {environment}");
            }
        }

        if (Serves(self.Fallthrough, variation))
        {
            places.Add($"the default rule in {environment}");
        }
    }

    private static bool Serves(ServeDefinition serve, string variation) =>
        serve.Variation == variation || (serve.Rollout?.Weights.Any(w => w.Variation == variation) ?? false);
}
