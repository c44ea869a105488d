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
}
