using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>Reads and writes the native ruleset format (docs/flag-format.md).</summary>
public static class RulesetJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = RulesetLimits.MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, IndentSize = 2 };

    /// <summary>Reads a ruleset from UTF-8 JSON, returning the definition or every error found.</summary>
    public static RulesetReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > RulesetLimits.MaxDocumentBytes)
        {
            return Failed($"the document is {utf8Json.Length} bytes; at most {RulesetLimits.MaxDocumentBytes} are allowed");
        }

        if (!TryParse(utf8Json, out var document, out var error))
        {
            return Failed(error!);
        }

        if (JsonUnicode.TryFindInvalidText(utf8Json, out var invalid))
        {
            document!.Dispose();
            return new(null, [new ValidationError(invalid, JsonUnicode.Problem)]);
        }

        // A number no double holds (1e999) would be served as written, and strict parsers refuse the whole answer.
        if (JsonNumbers.TryFindNonFinite(utf8Json, out var outOfRange))
        {
            document!.Dispose();
            return new(null, [new ValidationError(outOfRange, JsonNumbers.Problem)]);
        }

        // One copy of the whole document that the definition's JSON values share, instead of one per value.
        JsonElement root;
        using (document)
        {
            root = document!.RootElement.Clone();
        }

        var result = RulesetReader.Read(root);
        return result.Ruleset is null ? result : result with { Ruleset = DefinitionCompactor.Compact(result.Ruleset) };
    }

    /// <summary>Reads a ruleset from a JSON string.</summary>
    public static RulesetReadResult Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads one flag object (as it stands in a ruleset's <c>flags</c>), with error paths relative to it.</summary>
    public static (FlagDefinition? Flag, IReadOnlyList<ValidationError> Errors) ReadFlag(JsonElement element)
    {
        // The same checks a whole document gets: text that is not Unicode, and numbers no double holds.
        var utf8 = Encoding.UTF8.GetBytes(element.GetRawText());
        if (JsonUnicode.TryFindInvalidText(utf8, out var invalid))
        {
            return (null, [new ValidationError(invalid, JsonUnicode.Problem)]);
        }

        if (JsonNumbers.TryFindNonFinite(utf8, out var outOfRange))
        {
            return (null, [new ValidationError(outOfRange, JsonNumbers.Problem)]);
        }

        return RulesetReader.ReadSingleFlag(element);
    }

    /// <summary>
    /// Writes the canonical form as UTF-8 (compact unless <paramref name="indented"/>). The document is built in
    /// arrays rented from the shared pool and copied once into the array returned: it allocates about the
    /// document's size, whatever its size.
    /// </summary>
    public static byte[] Write(RulesetDefinition ruleset, bool indented = false)
    {
        using var buffer = new PooledBufferWriter(64 * 1024);
        Write(buffer, ruleset, indented);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the canonical form as UTF-8 straight into <paramref name="destination"/> (a pipe, a response body, a
    /// pooled buffer): nothing is allocated for the document itself.
    /// </summary>
    public static void Write(IBufferWriter<byte> destination, RulesetDefinition ruleset, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(destination, indented ? IndentedOptions : CompactOptions);
        RulesetWriter.Write(writer, ruleset);
    }

    /// <summary>Writes the canonical form into a writer.</summary>
    public static void Write(Utf8JsonWriter writer, RulesetDefinition ruleset) => RulesetWriter.Write(writer, ruleset);

    /// <summary>Writes one flag object in canonical form.</summary>
    public static void WriteFlag(Utf8JsonWriter writer, FlagDefinition flag) => RulesetWriter.WriteFlag(writer, flag);

    /// <summary>Writes one segment object in canonical form.</summary>
    public static void WriteSegment(Utf8JsonWriter writer, SegmentDefinition segment) => RulesetWriter.WriteSegment(writer, segment);

    private static bool TryParse(ReadOnlySpan<byte> utf8Json, out JsonDocument? document, out string? error)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                document = null;
                error = "unexpected content after the JSON document";
                return false;
            }

            error = null;
            return true;
        }
        catch (JsonException e)
        {
            document = null;
            error = $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}";
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return end > 0 ? message[..end].TrimEnd() : message;
    }

    private static RulesetReadResult Failed(string message) => new(null, [new ValidationError(string.Empty, message)]);
}
