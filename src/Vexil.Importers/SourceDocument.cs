using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Importers;

/// <summary>
/// Parses another product's document as untrusted JSON: a byte order mark is skipped; text that is not Unicode (a lone
/// surrogate escape, bytes that are not UTF-8) and numbers a double cannot hold (<c>1e999</c>) are refused with their
/// path before anything reads them, since reading them would throw; so is an object naming a property twice (two
/// flags of one key: which one the vendor's SDK keeps depends on its JSON parser) (docs/migration.md).
/// </summary>
internal static class SourceDocument
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256, AllowDuplicateProperties = false };

    /// <summary>The parsed document, or null with the refusal of the whole document.</summary>
    public static JsonDocument? Parse(ReadOnlySpan<byte> utf8Json, out ImportResult? refusal)
    {
        var json = utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;

        // Text that is not Unicode first: the duplicate-name check compares names, which such text makes throw.
        if (JsonUnicode.TryFindInvalidText(json, out var text))
        {
            refusal = ImportResult.DocumentError(text, JsonUnicode.Problem);
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), Options);
        }
        catch (JsonException e)
        {
            refusal = ImportResult.DocumentError(string.Empty, "not JSON: " + e.Message);
            return null;
        }

        if (JsonNumbers.TryFindNonFinite(json, out var number))
        {
            document.Dispose();
            refusal = ImportResult.DocumentError(number, JsonNumbers.Problem);
            return null;
        }

        refusal = null;
        return document;
    }
}
