using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// A ruleset that read and compiled, with its document (kept as UTF-8 bytes, several times smaller than the
/// definition objects, to apply later changes and to write the cache), or the reason it did not compile.
/// </summary>
internal sealed record CompiledUpdate(byte[]? Json, CompiledRuleset? Ruleset, SegmentStamp[] Segments, string? Error)
{
    public bool IsValid => Ruleset is not null && Json is not null;

    public static CompiledUpdate Invalid(string error) => new(null, null, [], error);

    /// <summary>Reads and compiles a native-format document.</summary>
    public static CompiledUpdate FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var read = RulesetJson.Read(utf8Json);
        return read.Ruleset is null ? Invalid(Describe(read.Errors)) : Compile(read.Ruleset, utf8Json.ToArray());
    }

    /// <summary>Compiles a definition.</summary>
    public static CompiledUpdate FromDefinition(RulesetDefinition definition) => Compile(definition, null);

    private static CompiledUpdate Compile(RulesetDefinition definition, byte[]? json)
    {
        var compiled = RulesetCompiler.Compile(definition);
        if (compiled.Ruleset is null)
        {
            return Invalid(Describe(compiled.Errors));
        }

        var segments = new SegmentStamp[definition.Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = new SegmentStamp(definition.Segments[i].Key, definition.Segments[i].Version);
        }

        return new CompiledUpdate(json ?? RulesetJson.Write(definition), compiled.Ruleset, segments, null);
    }

    private static string Describe(IReadOnlyList<ValidationError> errors) =>
        errors.Count == 0 ? "invalid ruleset" : string.Join("; ", errors.Take(5).Select(e => e.ToString()));
}
