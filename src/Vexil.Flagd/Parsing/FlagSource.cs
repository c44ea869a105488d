using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Flagd.Parsing;

/// <summary>One flag definition as found in a document, with the flag-set metadata of that document.</summary>
/// <param name="Key">The flag key.</param>
/// <param name="Definition">The flag object.</param>
/// <param name="Path">The JSON path of the flag object.</param>
/// <param name="SetMetadata">The metadata of the document's flag set.</param>
internal sealed record FlagSource(string Key, JsonElement Definition, string Path, IReadOnlyDictionary<string, ContextValue> SetMetadata);
