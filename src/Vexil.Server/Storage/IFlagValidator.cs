using Vexil.Core.Serialization;

namespace Vexil.Server.Storage;

/// <summary>Checks a candidate ruleset (native format) of one environment before a write commits.</summary>
internal interface IFlagValidator
{
    /// <summary>Every error of the candidate, each with its JSON path in the ruleset (<c>flags[3].rules[0]...</c>); empty when it is valid.</summary>
    IReadOnlyList<ValidationError> Validate(ReadOnlySpan<byte> candidateRulesetUtf8);
}
