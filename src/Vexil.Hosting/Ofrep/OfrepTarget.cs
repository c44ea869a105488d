using Vexil.Core.Evaluation;

namespace Vexil.Hosting.Ofrep;

/// <summary>A ruleset to evaluate and the scope (an environment id, say) that, with its version, names bulk ETags.</summary>
internal readonly record struct OfrepTarget(string Scope, CompiledRuleset Ruleset)
{
    /// <summary>Set when there is no ruleset to evaluate yet (an edge that has none for the key): OFREP answers 503 with this Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>When set, told of every evaluation served for this target (an edge's own evaluation summaries).</summary>
    public IOfrepEvaluationRecorder? Recorder { get; init; }
}
