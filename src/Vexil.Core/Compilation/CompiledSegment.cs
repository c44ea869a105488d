using System.Collections.Frozen;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>
/// A compiled segment: included keys win (the targeting key, then contexts of a kind), then excluded keys (likewise),
/// then any rule whose clauses all match.
/// </summary>
internal sealed class CompiledSegment(string key, FrozenSet<string> included, FrozenSet<string> excluded, Clause[][] rules)
{
    public string Key { get; } = key;

    /// <summary>Keys of contexts of a kind always in the segment (checked after <c>included</c>).</summary>
    public KindedTargets? IncludedContexts { get; init; }

    /// <summary>Keys of contexts of a kind never in the segment (checked after <c>excluded</c>).</summary>
    public KindedTargets? ExcludedContexts { get; init; }

    public bool Contains(EvaluationContext context) => Evaluate(context) == MatchResult.Match;

    /// <summary>Whether the context is in the segment, or <see cref="MatchResult.Error"/> when a rule could not decide.</summary>
    public MatchResult Evaluate(EvaluationContext context)
    {
        var targetingKey = context.TargetingKey;
        if (targetingKey is not null && included.Contains(targetingKey))
        {
            return MatchResult.Match;
        }

        if (IncludedContexts is not null && IncludedContexts.Find(context) >= 0)
        {
            return MatchResult.Match;
        }

        if (targetingKey is not null && excluded.Contains(targetingKey))
        {
            return MatchResult.NoMatch;
        }

        if (ExcludedContexts is not null && ExcludedContexts.Find(context) >= 0)
        {
            return MatchResult.NoMatch;
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
