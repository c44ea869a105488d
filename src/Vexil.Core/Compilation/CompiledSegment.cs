using System.Collections.Frozen;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>A compiled segment: included keys win, then excluded keys, then any rule whose clauses all match.</summary>
internal sealed class CompiledSegment(string key, FrozenSet<string> included, FrozenSet<string> excluded, Clause[][] rules)
{
    public string Key { get; } = key;

    public bool Contains(EvaluationContext context)
    {
        var targetingKey = context.TargetingKey;
        if (targetingKey is not null)
        {
            if (included.Contains(targetingKey))
            {
                return true;
            }

            if (excluded.Contains(targetingKey))
            {
                return false;
            }
        }

        foreach (var rule in rules)
        {
            if (RuleMatcher.AllMatch(rule, context))
            {
                return true;
            }
        }

        return false;
    }
}
