using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>The outcome of reading a ruleset document: the definition when it is valid, and every error found.</summary>
/// <param name="Ruleset">The definition, or null when there are errors.</param>
/// <param name="Errors">Every error, each with its JSON path; empty when valid.</param>
public sealed record RulesetReadResult(RulesetDefinition? Ruleset, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when the document was read without errors.</summary>
    public bool IsValid => Errors.Count == 0 && Ruleset is not null;
}
