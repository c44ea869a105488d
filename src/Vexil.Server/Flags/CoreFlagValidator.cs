using Vexil.Core.Compilation;
using Vexil.Core.Serialization;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags;

/// <summary>Validates a candidate ruleset exactly as SDKs and the edge will load it: read, then compile.</summary>
internal sealed class CoreFlagValidator : IFlagValidator
{
    public IReadOnlyList<ValidationError> Validate(ReadOnlySpan<byte> candidateRulesetUtf8) =>
        RulesetCompiler.Load(candidateRulesetUtf8).Errors;
}
