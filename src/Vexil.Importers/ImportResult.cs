using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Importers;

/// <summary>
/// The flags and segments of one environment translated from another product's document, and every refusal. A flag
/// or segment that cannot be translated exactly is left out and named; a flag that needs a refused one (prerequisite,
/// segment) is refused too. An error of the document itself refuses everything.
/// </summary>
/// <param name="Flags">The translated flags, in the document's order.</param>
/// <param name="Segments">The translated segments the flags use.</param>
/// <param name="Errors">Every refusal, each with the path in the source document and the reason.</param>
/// <param name="RefusedFlags">The keys of the flags that could not be translated.</param>
public sealed record ImportResult(
    IReadOnlyList<FlagDefinition> Flags,
    IReadOnlyList<SegmentDefinition> Segments,
    IReadOnlyList<ValidationError> Errors,
    IReadOnlyList<string> RefusedFlags)
{
    /// <summary>True when everything was translated.</summary>
    public bool IsComplete => Errors.Count == 0;

    internal static ImportResult DocumentError(string path, string message) => new([], [], [new ValidationError(path, message)], []);
}
