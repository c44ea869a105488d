using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Flagd.Parsing;

namespace Vexil.Flagd.Import;

/// <summary>
/// Translates flagd flag files into native flag definitions (docs/flagd.md#importing-flagd-files): state, variants,
/// default variant, description, and targeting made of if/else chains over comparisons of context attributes
/// (<c>==</c>, <c>!=</c>, <c>in</c>, <c>starts_with</c>, <c>ends_with</c>, <c>sem_ver</c>, <c>&lt;</c>, <c>&gt;</c>,
/// <c>and</c>, <c>or</c>, <c>!</c>, <c>$ref</c>) into ordered rules, and <c>fractional</c> into rollouts with the
/// <c>flagd-fractional-v2</c> algorithm, so every assignment stays the same. What native rules cannot express
/// exactly is refused with the flag and the JSON path.
/// </summary>
public static class FlagdImporter
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    /// <summary>Translates one flagd document.</summary>
    /// <param name="utf8Json">The document, UTF-8 JSON.</param>
    /// <returns>The translated flags and every error.</returns>
    public static FlagdImportResult Translate(ReadOnlySpan<byte> utf8Json)
    {
        var bytes = utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..].ToArray() : utf8Json.ToArray();
        var compiled = FlagdCompiler.Compile(bytes, FlagdCompileOptions.Default);
        if (compiled.Ruleset is null)
        {
            return new FlagdImportResult([], compiled.Errors, []);
        }

        using var document = JsonDocument.Parse(bytes, DocumentOptions);
        var readErrors = new List<ValidationError>();
        var reader = new FlagdDocumentReader(readErrors);
        reader.Read(document.RootElement, string.Empty);

        var errors = new List<ValidationError>();
        var refused = new List<string>();
        var flags = new List<FlagDefinition>();
        var documentErrors = compiled.Errors.Where(e => FlagOf(e.Path, reader.Flags.Values) is null).ToList();
        foreach (var source in reader.Flags.Values)
        {
            var flagErrors = compiled.Errors.Where(e => FlagOf(e.Path, [source]) is not null).ToList();
            if (documentErrors.Count > 0 || flagErrors.Count > 0)
            {
                errors.AddRange(flagErrors);
                refused.Add(source.Key);
                continue;
            }

            var before = errors.Count;
            var flag = new FlagTranslator(source, reader.Evaluators, errors).Translate();
            if (flag is null || errors.Count != before)
            {
                refused.Add(source.Key);
                continue;
            }

            flags.Add(flag);
        }

        errors.InsertRange(0, documentErrors);
        return new FlagdImportResult(documentErrors.Count > 0 ? [] : flags, [.. errors.Distinct()], refused);
    }

    private static FlagSource? FlagOf(string path, IEnumerable<FlagSource> sources)
    {
        foreach (var source in sources)
        {
            if (path.StartsWith(source.Path, StringComparison.Ordinal)
                && (path.Length == source.Path.Length || path[source.Path.Length] is '.' or '['))
            {
                return source;
            }
        }

        return null;
    }
}
