using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Flagd.Import;

/// <summary>
/// The native flags translated from a flagd document, and every error. A flag with an error is left out of
/// <see cref="Flags"/> and named in <see cref="RefusedFlags"/>; an error of the document itself refuses every flag.
/// </summary>
/// <param name="Flags">The translated flags, in the document's order.</param>
/// <param name="Errors">Every error, each with the JSON path of the flagd document it concerns.</param>
/// <param name="RefusedFlags">The keys of the flags that could not be translated.</param>
public sealed record FlagdImportResult(IReadOnlyList<FlagDefinition> Flags, IReadOnlyList<ValidationError> Errors, IReadOnlyList<string> RefusedFlags)
{
    /// <summary>True when every flag was translated.</summary>
    public bool IsComplete => Errors.Count == 0;
}
