using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;
using Vexil.Flagd.Evaluation;
using Vexil.Flagd.JsonLogic;
using Vexil.Flagd.Parsing;

namespace Vexil.Flagd;

/// <summary>
/// Compiles flagd flag definition files (<see href="https://flagd.dev/reference/flag-definitions/"/>) into a
/// <see cref="CompiledRuleset"/>. Targeting (JsonLogic with flagd's <c>fractional</c>, <c>sem_ver</c>,
/// <c>starts_with</c>, <c>ends_with</c> and <c>$ref</c> evaluators) is compiled once into an expression tree;
/// evaluation never reads JSON.
/// </summary>
public static class FlagdCompiler
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Compiles one flagd document.</summary>
    /// <param name="utf8Json">The document, UTF-8 JSON.</param>
    /// <param name="options">The clock, environment key and version.</param>
    /// <returns>The ruleset (null when the document is not a flag set at all) and every error found.</returns>
    public static FlagdCompileResult Compile(ReadOnlySpan<byte> utf8Json, FlagdCompileOptions options) =>
        Compile([new ReadOnlyMemory<byte>(utf8Json.ToArray())], options, prefixPaths: false);

    /// <summary>
    /// Compiles several flagd documents into one ruleset, in order: a later document's flag replaces an earlier one
    /// with the same key, and a later <c>$evaluators</c> entry an earlier one with the same name (evaluators are
    /// shared by all documents). Each document's <c>metadata</c> applies to its own flags. Error paths start with
    /// <c>documents[i]</c>.
    /// </summary>
    /// <param name="utf8Documents">The documents, UTF-8 JSON.</param>
    /// <param name="options">The clock, environment key and version.</param>
    /// <returns>The ruleset (null when a document is not a flag set at all) and every error found.</returns>
    public static FlagdCompileResult Compile(IEnumerable<ReadOnlyMemory<byte>> utf8Documents, FlagdCompileOptions options) =>
        Compile(utf8Documents, options, prefixPaths: true);

    private static FlagdCompileResult Compile(IEnumerable<ReadOnlyMemory<byte>> utf8Documents, FlagdCompileOptions options, bool prefixPaths)
    {
        ArgumentNullException.ThrowIfNull(utf8Documents);
        ArgumentNullException.ThrowIfNull(options);

        var errors = new List<ValidationError>();
        var reader = new FlagdDocumentReader(errors);
        var documents = new List<JsonDocument>();
        var readable = true;
        try
        {
            var index = 0;
            foreach (var utf8 in utf8Documents)
            {
                var prefix = prefixPaths ? $"documents[{index}]" : string.Empty;
                index++;
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(WithoutByteOrderMark(utf8), DocumentOptions);
                }
                catch (JsonException e)
                {
                    errors.Add(new ValidationError(prefix, $"not valid JSON: {e.Message}"));
                    readable = false;
                    continue;
                }

                documents.Add(document);
                if (JsonUnicode.TryFindInvalidText(WithoutByteOrderMark(utf8).Span, out var invalid))
                {
                    // Reading that string would throw: the document is refused whole, with the path.
                    errors.Add(new ValidationError(Join(prefix, invalid), JsonUnicode.Problem));
                    readable = false;
                    continue;
                }

                if (JsonNumbers.TryFindNonFinite(WithoutByteOrderMark(utf8).Span, out var outOfRange))
                {
                    // A variant holding 1e999 would be served as written, and strict parsers refuse the whole answer.
                    errors.Add(new ValidationError(Join(prefix, outOfRange), JsonNumbers.Problem));
                    readable = false;
                    continue;
                }

                readable &= reader.Read(document.RootElement, prefix);
            }

            if (!readable)
            {
                return new FlagdCompileResult(null, Distinct(errors));
            }

            // Every evaluator is checked once on its own, so that one no flag uses is still reported.
            foreach (var evaluator in reader.Evaluators.Values)
            {
                new JsonLogicCompiler(string.Empty, options.TimeProvider, reader.Evaluators, errors, StaticContexts.Build(options)).Compile(evaluator.Expression, evaluator.Path);
            }

            var compiler = new FlagDefinitionCompiler(options, reader.Evaluators, errors);
            var flags = new List<FlagdFlag>(reader.Flags.Count);
            foreach (var source in reader.Flags.Values)
            {
                if (compiler.Compile(source) is { } flag)
                {
                    flags.Add(flag);
                }
            }

            var ruleset = new CompiledRuleset(options.Environment, options.Version, flags, FlagMetadata.Create(reader.SetMetadata));
            return new FlagdCompileResult(ruleset, Distinct(errors));
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static string Join(string prefix, string path) =>
        prefix.Length == 0 ? path : path.Length == 0 ? prefix : path[0] == '[' ? prefix + path : prefix + "." + path;

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>An evaluator's error is found once per flag that uses it; report it once.</summary>
    private static List<ValidationError> Distinct(List<ValidationError> errors) => [.. errors.Distinct()];
}
