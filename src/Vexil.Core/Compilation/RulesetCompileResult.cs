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
}
