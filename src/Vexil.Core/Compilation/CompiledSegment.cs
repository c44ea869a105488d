using System.Collections.Frozen;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>A compiled segment: included keys win, then excluded keys, then any rule whose clauses all match.</summary>
internal sealed class CompiledSegment(string key, FrozenSet<string> included, FrozenSet<string> excluded, Clause[][] rules)
{
    public string Key { get; } = key;

    public bool Contains(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    /// <summary>Whether the context is in the segment, or <see cref="MatchResult.Error"/> when a rule could not decide.</summary>
    public MatchResult Evaluate(EvaluationContext context)
    {
        var targetingKey = context.TargetingKey;
        if (targetingKey is not null)
        {
            if (included.Contains(targetingKey))
            {
                return MatchResult.Match;
            }

            if (excluded.Contains(targetingKey))
            {
                return MatchResult.NoMatch;
            }
        }

        foreach (var rule in rules)
        {
            var result = RuleMatcher.Evaluate(rule, context);
            if (result != MatchResult.NoMatch)
            {
                return result;
            }
        }

        return MatchResult.NoMatch;
    }
}
