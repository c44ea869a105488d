using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Flagd;

/// <summary>
/// What <see cref="FlagdCompiler"/> produced. <see cref="Ruleset"/> is null only when a document could not be read
/// as a flagd flag set at all (not JSON, or no <c>flags</c>). Otherwise it holds every flag that could be compiled:
/// a flag whose definition is invalid is left out (and answers FLAG_NOT_FOUND), a flag whose targeting is invalid is
/// kept and answers PARSE_ERROR, as flagd does. Every problem is listed in <see cref="Errors"/>.
/// </summary>
/// <param name="Ruleset">The compiled flags, or null when nothing could be read.</param>
/// <param name="Errors">Every problem found, each with the JSON path of the offending value.</param>
public sealed record FlagdCompileResult(CompiledRuleset? Ruleset, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when a ruleset was produced and nothing was wrong.</summary>
    public bool Succeeded => Ruleset is not null && Errors.Count == 0;
}
