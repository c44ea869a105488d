using System.Runtime.InteropServices;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;

namespace Vexil.Edge;

/// <summary>
/// One version of an environment as the edge holds it: the compiled ruleset (what OFREP evaluates and the next change
/// applies to) and its document, served by <c>/sdk/v1/ruleset</c>: the upstream's bytes for a whole ruleset, or written
/// from the compiled ruleset's definitions on the first request for a version reached by changes (once per version).
/// Immutable.
/// </summary>
internal sealed class HeldRuleset
{
    private byte[]? _document;

    public HeldRuleset(CompiledRuleset compiled, ReadOnlyMemory<byte> document = default)
    {
        Compiled = compiled;
        if (!document.IsEmpty)
        {
            _document = MemoryMarshal.TryGetArray(document, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : document.ToArray();
        }
    }

    public CompiledRuleset Compiled { get; }

    public long Version => Compiled.Version;

    public string Environment => Compiled.Environment;

    /// <summary>The ruleset document (native format, UTF-8).</summary>
    public byte[] Document
    {
        get
        {
            var document = Volatile.Read(ref _document);
            if (document is null)
            {
                // Two first readers may both write it; they write the same bytes and one copy is kept.
                document = RulesetJson.Write(Compiled.ToDefinition());
                document = Interlocked.CompareExchange(ref _document, document, null) ?? document;
            }

            return document;
        }
    }
}
