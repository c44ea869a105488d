using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Sdk.Snapshots;

/// <summary>A ruleset that read and compiled (an offline file, test data), or the reason it did not.</summary>
internal sealed record CompiledUpdate(CompiledRuleset? Ruleset, string? Error)
{
    public bool IsValid => Ruleset is not null;

    /// <summary>Reads and compiles a native-format document.</summary>
    public static CompiledUpdate FromJson(ReadOnlySpan<byte> utf8Json) => From(RulesetCompiler.Load(utf8Json));

    /// <summary>Compiles a definition.</summary>
    public static CompiledUpdate FromDefinition(RulesetDefinition definition) => From(RulesetCompiler.Compile(definition));

    private static CompiledUpdate From(RulesetCompileResult compiled) =>
        compiled.Ruleset is { } ruleset ? new(ruleset, null) : new(null, Describe(compiled.Errors));

    private static string Describe(IReadOnlyList<ValidationError> errors) =>
        errors.Count == 0 ? "invalid ruleset" : string.Join("; ", errors.Take(5).Select(e => e.ToString()));
}
