using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// A change as JSON: how change requests and schedules store their change sets, and how the API takes them. Every
/// change is an object with a <c>type</c> (<c>toggleFlag</c>, <c>configureFlag</c>, …); flags, targeting and segments
/// inside it are in the native format, written and read by Core's writer and reader; <c>ifMatch</c> is the change's
/// base (<see cref="Precondition"/>).
/// </summary>
internal static partial class ChangeJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The changes as a JSON array (UTF-8 text).</summary>
    public static string WriteAll(IReadOnlyList<Change> changes)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var change in changes)
            {
                Write(writer, change);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One change as a JSON element (for responses).</summary>
    public static JsonElement ToElement(Change change)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, change);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static void Write(Utf8JsonWriter w, Change change)
    {
        w.WriteStartObject();
        w.WriteString("type", TypeOf(change));
        switch (change)
        {
            case CreateFlag c:
                Spec(w, c.Spec);
                TargetingMap(w, c.Spec.Key, c.Targeting);
                break;
            case UpdateFlag c:
                Spec(w, c.Spec);
                IfMatch(w, c.Base);
                break;
            case DeleteFlag c:
                w.WriteString("flag", c.Flag);
                IfMatch(w, c.Base);
                break;
            case ArchiveFlag c:
                w.WriteString("flag", c.Flag);
                w.WriteBoolean("archived", c.Archived);
                IfMatch(w, c.Base);
                break;
            case ConfigureFlag c:
                w.WriteString("environment", c.Environment);
                w.WriteString("flag", c.Flag);
                w.WritePropertyName("targeting");
                Targeting(w, c.Flag, c.Targeting);
                IfMatch(w, c.Base);
                break;
            case ToggleFlag c:
                w.WriteString("environment", c.Environment);
                w.WriteString("flag", c.Flag);
                w.WriteBoolean("enabled", c.Enabled);
                IfMatch(w, c.Base);
                break;
            case PromoteFlag c:
                w.WriteString("flag", c.Flag);
                w.WriteString("from", c.From);
                w.WriteString("to", c.To);
                IfMatch(w, c.Base);
                break;
            case RollbackFlag c:
                w.WriteString("environment", c.Environment);
                w.WriteString("flag", c.Flag);
                w.WriteNumber("toVersion", c.ToVersion);
                IfMatch(w, c.Base);
                break;
            case PutFlag c:
                Spec(w, c.Spec);
                TargetingMap(w, c.Spec.Key, c.Targeting);
                w.WriteBoolean("keepName", c.KeepName);
                break;
            case CreateSegment c:
                w.WriteString("environment", c.Environment);
                Segment(w, c.Segment);
                break;
            case UpdateSegment c:
                w.WriteString("environment", c.Environment);
                Segment(w, c.Segment);
                IfMatch(w, c.Base);
                break;
            case DeleteSegment c:
                w.WriteString("environment", c.Environment);
                w.WriteString("segment", c.Segment);
                IfMatch(w, c.Base);
                break;
            case PutSegment c:
                w.WriteString("environment", c.Environment);
                Segment(w, c.Segment);
                break;
            case CreateEnvironment c:
                w.WriteString("key", c.Key);
                w.WriteString("name", c.Name);
                break;
            case RenameProject c:
                w.WriteString("name", c.Name);
                IfMatch(w, c.Base);
                break;
            case ArchiveProject c:
                w.WriteBoolean("archived", c.Archived);
                IfMatch(w, c.Base);
                break;
            case RenameEnvironment c:
                w.WriteString("key", c.Key);
                w.WriteString("name", c.Name);
                IfMatch(w, c.Base);
                break;
            case ArchiveEnvironment c:
                w.WriteString("key", c.Key);
                w.WriteBoolean("archived", c.Archived);
                IfMatch(w, c.Base);
                break;
            case ReorderEnvironments c:
                w.WriteStartArray("keys");
                foreach (var key in c.Keys)
                {
                    w.WriteStringValue(key);
                }

                w.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"No JSON for {change.GetType().Name}.");
        }

        if (change.Path.Length > 0)
        {
            w.WriteString("path", change.Path);
        }

        w.WriteEndObject();
    }

    /// <summary>The <c>type</c> of a change.</summary>
    public static string TypeOf(Change change)
    {
        var name = change.GetType().Name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static void Spec(Utf8JsonWriter w, FlagSpec spec)
    {
        w.WritePropertyName("flag");
        FlagSpecJson.ToElement(spec).WriteTo(w);
    }

    private static void TargetingMap(Utf8JsonWriter w, string flag, IReadOnlyDictionary<string, FlagTargeting>? targeting)
    {
        if (targeting is null)
        {
            return;
        }

        w.WriteStartObject("targeting");
        foreach (var (environment, value) in targeting.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(environment);
            Targeting(w, flag, value);
        }

        w.WriteEndObject();
    }

    /// <summary>A flag's targeting in one environment: the members of the native flag object that are not its spec's.</summary>
    public static void Targeting(Utf8JsonWriter w, string flag, FlagTargeting targeting)
    {
        var native = FlagJson.Write(Blank(flag).With(targeting, 0));
        using var document = JsonDocument.Parse(native);
        w.WriteStartObject();
        foreach (var member in document.RootElement.EnumerateObject())
        {
            if (!SpecMembers.Contains(member.Name))
            {
                member.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    private static void Segment(Utf8JsonWriter w, SegmentDefinition segment)
    {
        w.WritePropertyName("segment");
        w.WriteRawValue(SegmentJson.Write(segment with { Version = 0 }));
    }

    private static void IfMatch(Utf8JsonWriter w, Precondition precondition)
    {
        if (precondition.IfMatch is { } etag)
        {
            w.WriteString("ifMatch", etag);
        }
    }

    /// <summary>The members of a native flag that belong to its spec (or the ruleset), never to its targeting.</summary>
    private static readonly HashSet<string> SpecMembers = new(StringComparer.Ordinal) { "key", "type", "description", "tags", "lifetime", "variations", "version" };

    /// <summary>A spec with nothing but a key: targeting is written and read against it (its own members are dropped).</summary>
    private static FlagSpec Blank(string key) => new(key, FlagValueType.Boolean, key, null, [], FlagLifetime.Temporary, []);
}
