using Vexil.Core.Evaluation;
using Vexil.Delivery.Changes;
using Vexil.Delivery.Tracing;

namespace Vexil.Delivery.Following;

/// <summary>
/// A ruleset the follower accepted, to be persisted and then published: the compiled ruleset of the new version and
/// how it came, a change applied to the one held (<see cref="Change"/>) or a whole ruleset.
/// </summary>
public sealed class FollowedUpdate
{
    /// <summary>Creates an update.</summary>
    public FollowedUpdate(CompiledRuleset ruleset, ChangeEvent? change, ReadOnlyMemory<byte> data, FollowedSource source)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        Ruleset = ruleset;
        Change = change;
        Data = data;
        Source = source;
    }

    /// <summary>The new ruleset, compiled (incrementally for a change: it shares every untouched flag with the last).</summary>
    public CompiledRuleset Ruleset { get; }

    /// <summary>The change that produced it from the ruleset held before, or null for a whole ruleset.</summary>
    public ChangeEvent? Change { get; }

    /// <summary>
    /// The bytes as received: the change event's data for a change (relayed byte for byte, so <c>committedAt</c>
    /// survives every tier), the ruleset document otherwise.
    /// </summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Where it came from.</summary>
    public FollowedSource Source { get; }

    /// <summary>The version it brings the receiver to.</summary>
    public long Version => Ruleset.Version;

    /// <summary>
    /// For a change: the flags whose definitions it replaced, added or removed (<c>RulesetCompileResult.ChangedFlagKeys</c>).
    /// Empty for a whole ruleset.
    /// </summary>
    public IReadOnlyList<string> ChangedFlagKeys { get; init; } = [];

    /// <summary>
    /// For a change: the flags compiled again because a segment or prerequisite they use changed
    /// (<c>RulesetCompileResult.DependentFlagKeys</c>). Empty for a whole ruleset.
    /// </summary>
    public IReadOnlyList<string> DependentFlagKeys { get; init; } = [];

    /// <summary>
    /// For a change: the trace context it came with (a <c>trace</c> event for its version), to be passed on with it
    /// downstream when the receiver traces nothing itself. Null when it came with none.
    /// </summary>
    public ChangeTrace? Trace { get; init; }
}
