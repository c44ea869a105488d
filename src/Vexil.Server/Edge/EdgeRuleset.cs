using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Edge;

/// <summary>
/// A ruleset the edge holds: its definition, its document as served, and its compiled form (proof it is valid).
/// Immutable; a change produces a new one, or errors and nothing.
/// </summary>
internal sealed class EdgeRuleset
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private EdgeRuleset(RulesetDefinition definition, byte[] json, CompiledRuleset compiled)
    {
        Definition = definition;
        Json = json;
        Compiled = compiled;
    }

    public RulesetDefinition Definition { get; }

    public byte[] Json { get; }

    public CompiledRuleset Compiled { get; }

    public long Version => Definition.Version;

    /// <summary>Reads and validates a whole ruleset document (RulesetJson.Read, then RulesetCompiler.Compile).</summary>
    public static (EdgeRuleset? Ruleset, IReadOnlyList<ValidationError> Errors) Load(byte[] utf8Json)
    {
        var read = RulesetJson.Read(utf8Json);
        if (read.Ruleset is null)
        {
            return (null, read.Errors);
        }

        var compiled = RulesetCompiler.Compile(read.Ruleset);
        return compiled.Ruleset is null ? (null, compiled.Errors) : (new EdgeRuleset(read.Ruleset, utf8Json, compiled.Ruleset), []);
    }

    /// <summary>
    /// Applies a change (the next version): upserted flags and segments replace those with the same key, deleted keys
    /// go, and the result is read and compiled again. Errors leave this ruleset as it was.
    /// </summary>
    public (EdgeRuleset? Ruleset, IReadOnlyList<ValidationError> Errors) Apply(ChangeData change)
    {
        using var buffer = new MemoryStream(Json.Length + 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", RulesetDefinition.FormatVersion);
            writer.WriteString("environment", Definition.Environment);
            writer.WriteNumber("version", change.Version);
            writer.WriteStartArray("flags");
            WriteMerged(writer, Definition.Flags, f => f.Key, RulesetJson.WriteFlag, change.FlagUpserts, change.FlagDeletes);
            writer.WriteEndArray();
            writer.WriteStartArray("segments");
            WriteMerged(writer, Definition.Segments, s => s.Key, RulesetJson.WriteSegment, change.SegmentUpserts, change.SegmentDeletes);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Load(buffer.ToArray());
    }

    private static void WriteMerged<T>(
        Utf8JsonWriter writer,
        IReadOnlyList<T> existing,
        Func<T, string> keyOf,
        Action<Utf8JsonWriter, T> write,
        IReadOnlyList<JsonElement> upserts,
        IReadOnlyList<string> deletes)
    {
        var merged = new SortedDictionary<string, Action>(StringComparer.Ordinal);
        foreach (var item in existing)
        {
            merged[keyOf(item)] = () => write(writer, item);
        }

        foreach (var key in deletes)
        {
            merged.Remove(key);
        }

        var unnamed = 0;
        foreach (var upsert in upserts)
        {
            // An upsert without a string key is still written, so validation reports it.
            var key = upsert.ValueKind == JsonValueKind.Object && upsert.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()!
                : $"\uffff{unnamed++}";
            merged[key] = () => upsert.WriteTo(writer);
        }

        foreach (var writeOne in merged.Values)
        {
            writeOne();
        }
    }
}
