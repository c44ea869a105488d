using System.Collections.Frozen;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>A compiled segment: included keys win, then excluded keys, then any rule whose clauses all match.</summary>
internal sealed class CompiledSegment(string key, FrozenSet<string> included, FrozenSet<string> excluded, Clause[][] rules)
{
    public string Key { get; } = key;

    /// <summary>Keys of contexts of a kind always in the segment (checked after <c>included</c>).</summary>
    public KindedTargets? IncludedContexts { get; init; }

    /// <summary>Keys of contexts of a kind never in the segment (checked after <c>excluded</c>).</summary>
    public KindedTargets? ExcludedContexts { get; init; }

    public bool Contains(EvaluationContext context)
    {
        var targetingKey = context.TargetingKey;
        if (targetingKey is not null && included.Contains(targetingKey))
        {
            return true;
        }

        if (IncludedContexts is not null && IncludedContexts.Find(context) >= 0)
        {
            return true;
        }

        if (targetingKey is not null && excluded.Contains(targetingKey))
        {
            return false;
        }

        if (ExcludedContexts is not null && ExcludedContexts.Find(context) >= 0)
        {
            return false;
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
