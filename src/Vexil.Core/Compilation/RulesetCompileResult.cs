using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation;

/// <summary>The outcome of compiling a ruleset: the compiled ruleset when valid, and every error found.</summary>
/// <param name="Ruleset">The compiled ruleset, or null when there are errors.</param>
/// <param name="Errors">Every error with its JSON path; empty when valid.</param>
public sealed record RulesetCompileResult(CompiledRuleset? Ruleset, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when the ruleset compiled.</summary>
    public bool IsValid => Ruleset is not null;

    /// <summary>
    /// After <see cref="RulesetCompiler.Apply"/> succeeded: the keys of the flags whose definition the change
    /// replaced, added or removed — every upserted flag key (in the change's order, even when the new definition
    /// equals the old one), then every deleted key that a flag had (deleting an absent key lists nothing). Flags
    /// recompiled only because something they depend on changed (a prerequisite, a segment) are not listed: their
    /// definitions and versions are unchanged, though what they evaluate to may change. Empty after
    /// <see cref="RulesetCompiler.Compile"/> and on failure.
    /// </summary>
    public IReadOnlyList<string> ChangedFlagKeys { get; init; } = [];

    /// <summary>
    /// After <see cref="RulesetCompiler.Apply"/> succeeded: the keys of the flags the change did not name but that were
    /// compiled again because something they depend on changed — they match an upserted segment, or a prerequisite
    /// (directly or through others) was rebuilt — in ordinal order. Their definitions and versions are unchanged, but
    /// they may evaluate differently, and the ruleset holds new instances of them: a host that keeps its own table of
    /// compiled flags replaces exactly <see cref="ChangedFlagKeys"/> and these. Empty after
    /// <see cref="RulesetCompiler.Compile"/> and on failure.
    /// </summary>
    public IReadOnlyList<string> DependentFlagKeys { get; init; } = [];
}
